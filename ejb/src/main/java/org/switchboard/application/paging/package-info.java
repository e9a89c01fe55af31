/** TaskRouter's paging: page size, page number and position tokens stable under inserts. */
package org.switchboard.application.paging;
