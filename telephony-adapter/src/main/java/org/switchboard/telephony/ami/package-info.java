/**
 * AMI side of the adapter: the {@link org.switchboard.telephony.ami.AmiBridge} bean that dials
 * workers into callers' conferences and keeps calls and tasks tied.
 */
package org.switchboard.telephony.ami;
