/** Black-box tests of the REST API of the deployed EAR. */
package org.switchboard.it.api;
