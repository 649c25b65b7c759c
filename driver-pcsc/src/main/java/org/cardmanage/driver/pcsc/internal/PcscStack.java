package org.cardmanage.driver.pcsc.internal;

import java.security.NoSuchAlgorithmException;

import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * The JDK's PC/SC provider as the monitor uses it: always {@code TerminalFactory.getInstance("PC/SC", null)}, never
 * {@code getDefault()} (which, touched once while pcscd is down, stays an empty "None" factory for the life of the
 * JVM), retried while pcscd is absent; after pcscd restarts, the provider's dead shared context is reset where the
 * internals are open to us. Used by the monitor thread only.
 */
final class PcscStack {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");
    static final String LIBRARY_PROPERTY = "sun.security.smartcardio.library";

    private final PcscSettings settings;
    private final PcscInternals internals;
    private final PollingReaderWatcher.Pause pause;
    private String lastProblem;
    private boolean noRecoveryLogged;

    /**
     * @param internals the provider's internals, or null where they are closed to us
     * @param pause how the polling watcher pauses
     */
    PcscStack(PcscSettings settings, PcscInternals internals, PollingReaderWatcher.Pause pause) {
        this.settings = settings;
        this.internals = internals;
        this.pause = pause;
        String library = settings.libraryPath();
        if (!library.isEmpty()) {
            String set = System.getProperty(LIBRARY_PROPERTY);
            if (set == null) {
                System.setProperty(LIBRARY_PROPERTY, library);
                LOG.log(System.Logger.Level.INFO, "PC/SC library set to {0} (it takes effect if the JDK''s PC/SC "
                        + "provider was not used before in this JVM)", library);
            } else if (!set.equals(library)) {
                LOG.log(System.Logger.Level.WARNING, "PC/SC library {0} ignored: {1} is already {2}", library,
                        LIBRARY_PROPERTY, set);
            }
        }
    }

    /** @return whether pcscd restarts can be recovered from */
    boolean recovers() {
        return internals != null;
    }

    /**
     * Opens a watcher on a working PC/SC stack.
     *
     * @return the watcher, or null if pcscd cannot be reached now (the reason is logged once per outage)
     */
    ReaderWatcher open() {
        CardTerminals shared = sharedTerminals();
        if (shared == null) {
            return null;
        }
        if (internals == null) {
            return new PollingReaderWatcher(shared, settings.pollInterval().toMillis(), pause);
        }
        try {
            long context = internals.borrowMonitorContext();
            lastProblem = null;
            return new NativeReaderWatcher(internals, context, shared, pause);
        } catch (CardException e) {
            problem("no PC/SC context for the monitor: " + PcscErrors.codeName(e));
            return null;
        }
    }

    /** @return the provider's terminals on a live shared context, or null */
    private CardTerminals sharedTerminals() {
        TerminalFactory factory = factory();
        if (factory == null) {
            return null;
        }
        CardTerminals terminals = factory.terminals();
        if (alive(terminals)) {
            return terminals;
        }
        if (internals == null) {
            if (!noRecoveryLogged) {
                noRecoveryLogged = true;
                LOG.log(System.Logger.Level.ERROR, "pcscd was restarted, and the JDK's PC/SC provider never "
                        + "reconnects by itself: PC/SC readers stay unavailable until the JVM restarts. Run the JVM "
                        + "with --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED to let "
                        + "cardmanage recover.");
            }
            return null;
        }
        try {
            internals.resetSharedContext();
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem("cannot reset the JDK's PC/SC context: " + e);
            return null;
        }
        factory = factory();
        if (factory == null) {
            return null;
        }
        terminals = factory.terminals();
        if (!alive(terminals)) {
            return null;
        }
        LOG.log(System.Logger.Level.INFO, "the JDK's PC/SC context was renewed after pcscd restarted");
        return terminals;
    }

    private TerminalFactory factory() {
        try {
            return TerminalFactory.getInstance("PC/SC", null);
        } catch (NoSuchAlgorithmException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String code = PcscErrors.codeName(cause);
            problem(code != null ? "pcscd is not reachable (" + code + ")"
                    : "the JDK's PC/SC provider is not available: " + cause
                            + " (is libpcsclite installed? see the library.path setting)");
            return null;
        }
    }

    /** @return whether the terminals' context works; false if pcscd is gone or was restarted */
    private boolean alive(CardTerminals terminals) {
        try {
            terminals.list();
            return true;
        } catch (CardException e) {
            if (PcscErrors.isServiceGone(e)) {
                problem("pcscd is not reachable (" + PcscErrors.codeName(e) + ")");
                return false;
            }
            return !"SCARD_E_NO_READERS_AVAILABLE".equals(PcscErrors.codeName(e)) ? logged(e) : true;
        }
    }

    private boolean logged(CardException e) {
        problem("listing PC/SC readers failed: " + PcscErrors.codeName(e));
        return false;
    }

    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            LOG.log(System.Logger.Level.WARNING, "{0}; trying again every {1} ms", message,
                    settings.serviceRetry().toMillis());
        }
    }

    /** Forgets the logged problem, so that the next outage is logged again. */
    void recovered() {
        lastProblem = null;
    }
}
