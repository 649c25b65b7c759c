package org.cardmanage.driver.pcsc.internal;

/** pcscd is not there (stopped, restarted, never started): every PC/SC context and handle of the driver is void. */
final class ServiceLostException extends Exception {
    private static final long serialVersionUID = 1L;

    ServiceLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
