package org.cardmanage.api.service;

import org.cardmanage.api.CardException;
import org.cardmanage.api.ScardError;

/**
 * A view made by {@link org.cardmanage.api.Attachment#createInterface(Class)} no longer works because the plugin that
 * made it went away (its bundle was stopped, updated or uninstalled, or it withdrew its factory service). The message
 * names the plugin. Call {@code createInterface} again: it picks the best plugin available now, or throws
 * {@link org.cardmanage.api.NotSupportedException} if none is. Carries {@link ScardError#SCARD_E_SERVICE_STOPPED}.
 *
 * @since 1.0
 */
public class CardServiceUnavailableException extends CardException {
    private static final long serialVersionUID = 1L;

    /** @param message which view and which plugin */
    public CardServiceUnavailableException(String message) {
        super(ScardError.SCARD_E_SERVICE_STOPPED, message);
    }
}
