package org.cardmanage.driver.pcsc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The PC/SC driver's settings, configuration PID {@code org.cardmanage.driver.pcsc}. */
@ObjectClassDefinition(
        id = PcscConfiguration.PID,
        name = "cardmanage PC/SC readers",
        description = "Which PC/SC readers become cardmanage readers, how they are watched, and how long a PC/SC call "
                + "may take.")
@interface PcscConfiguration {

    String PID = "org.cardmanage.driver.pcsc";

    @AttributeDefinition(name = "PC/SC library", description = "Path of libpcsclite for JDKs that load it "
            + "dynamically (sets sun.security.smartcardio.library unless it is set already; takes effect only before "
            + "the JDK's PC/SC provider is first used in this JVM). Empty: the JDK's default. Debian's OpenJDK links "
            + "libpcsclite directly and ignores it.")
    String library_path() default "";

    @AttributeDefinition(name = "Include readers", description = "Reader-name globs (* any text, ? one character); "
            + "only matching readers are offered.")
    String[] include() default {"*"};

    @AttributeDefinition(name = "Exclude readers", description = "Reader-name globs; matching readers are never "
            + "offered, even if included.", required = false)
    String[] exclude() default {};

    @AttributeDefinition(name = "Call timeout (ms)", description = "The longest one PC/SC call may take (connect, "
            + "transmit, transaction, disconnect). A call that takes longer fails with a timeout and its thread is "
            + "replaced; another process holding a transaction makes PC/SC block without a bound.", min = "100")
    long call_timeout_ms() default 5_000;

    @AttributeDefinition(name = "Call thread", description = "Where PC/SC calls run. worker: on a thread of the "
            + "reader's own, so every call is bounded by the call timeout (costs two thread hand-offs per call, "
            + "about 10-20 us). caller: on the calling thread, as raw javax.smartcardio does, with transactions "
            + "bound to no thread; a call that PC/SC blocks (another process holding a transaction, a card that does "
            + "not answer) then holds its caller until PC/SC returns, and only the reader's other callers time out. "
            + "caller needs the JDK's PC/SC internals (--add-opens); without them the driver uses worker.",
            options = {@Option(label = "worker", value = "worker"), @Option(label = "caller", value = "caller")})
    String call_thread() default "worker";

    @AttributeDefinition(name = "Monitor wait (ms)", description = "How long the monitor blocks in one "
            + "SCardGetStatusChange before it looks at the reader list again; also how long stopping the driver may "
            + "wait for the monitor.", min = "10")
    long monitor_wait_ms() default 250;

    @AttributeDefinition(name = "Service retry (ms)", description = "How often to try again while pcscd is not "
            + "running.", min = "10")
    long service_retry_ms() default 100;

    @AttributeDefinition(name = "Poll interval (ms)", description = "Only where the JDK's PC/SC internals are not "
            + "opened to the driver (no --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED): how often "
            + "card presence is polled instead of waited for.", min = "10")
    long poll_interval_ms() default 250;
}
