package org.switchboard.web.api.error;

/** One problem of an uploaded rule file: where it is and what is wrong. */
public record RuleErrorDto(String file, int line, int column, String message) {}
