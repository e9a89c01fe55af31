/**
 * TaskRouter's expression language ({@code target_workers}, workflow filters and targets, {@code
 * skip_if}, list filters): a hand-written lexer and recursive-descent parser that compiles an
 * expression once, with errors that give the column, and a null-safe evaluator.
 */
package org.switchboard.routing.lang;
