package org.cardmanage.driver.pcsc.internal.jdk;

import javax.smartcardio.CardTerminal;

/** One emulated PC/SC handle: {@link JdkHandles}' state, guarded by its lock. */
final class JdkHandle {
    final long id;
    final long context;
    final CardTerminal terminal;
    /** The argument of {@code CardTerminal.connect}: {@code T=0}, {@code T=1}, {@code *} or {@code DIRECT}. */
    String protocol;
    /** The reader's JDK card this handle is on; one the JDK no longer serves after a reset or a removal. */
    SharedCard card;
    /** Whether it has been told (once) that another handle reset its card. */
    boolean resetTold;

    JdkHandle(long id, long context, CardTerminal terminal, String protocol) {
        this.id = id;
        this.context = context;
        this.terminal = terminal;
        this.protocol = protocol;
    }

    String reader() {
        return terminal.getName();
    }
}
