package org.entente.util;

/**
 * A problem the user can fix (a bad path, a bad option value, a malformed query). The command
 * line prints its message as one line, with no stack trace, and exits with status 2.
 */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
