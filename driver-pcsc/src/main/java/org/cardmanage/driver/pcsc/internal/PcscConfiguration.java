package org.cardmanage.driver.pcsc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The PC/SC driver's settings, configuration PID {@code org.cardmanage.driver.pcsc}. */
@ObjectClassDefinition(
        id = PcscConfiguration.PID,
        name = "cardmanage PC/SC readers",
        description = "Which PC/SC readers become cardmanage readers, through which binding, and how long a PC/SC "
                + "call may take.")
@interface PcscConfiguration {

    String PID = "org.cardmanage.driver.pcsc";

    @AttributeDefinition(name = "Backend", description = "native: libpcsclite (winscard.dll, PCSC.framework) "
            + "through JNA, with every PC/SC function (the default). jdk: the JDK's javax.smartcardio provider, as a "
            + "fallback: shared connections only, LEAVE and RESET only, no recovery after a pcscd restart without a "
            + "JVM restart.",
            options = {@Option(label = "native", value = "native"), @Option(label = "jdk", value = "jdk")})
    String backend() default "native";

    @AttributeDefinition(name = "PC/SC library", description = "Path of the PC/SC library for the native backend. "
            + "Empty: libpcsclite.so.1 (Linux), winscard.dll (Windows), the PCSC framework (macOS).",
            required = false)
    String library_path() default "";

    @AttributeDefinition(name = "Include readers", description = "Reader-name globs (* any text, ? one character); "
            + "only matching readers are offered.")
    String[] include() default {"*"};

    @AttributeDefinition(name = "Exclude readers", description = "Reader-name globs; matching readers are never "
            + "offered, even if included.", required = false)
    String[] exclude() default {};

    @AttributeDefinition(name = "Call timeout (ms)", description = "The longest one PC/SC call may take when its "
            + "caller gives no bound of its own (a lock's timeout is its own bound): connect, transmit, control, "
            + "disconnect, reconnect. A call that another process's transaction keeps from the card until then fails "
            + "with a timeout, and nothing of it reached the card.", min = "1")
    long call_timeout_ms() default 5_000;

    @AttributeDefinition(name = "Monitor wait (ms)", description = "How long the monitor blocks in one "
            + "SCardGetStatusChange before it reads the reader list again; stopping the driver cancels a wait.",
            min = "10")
    long monitor_wait_ms() default 1_000;

    @AttributeDefinition(name = "Service retry (ms)", description = "How often to try again while pcscd is not "
            + "running.", min = "10")
    long service_retry_ms() default 100;

    @AttributeDefinition(name = "Poll interval (ms)", description = "jdk backend only: how often card presence is "
            + "polled (the JDK cannot wait for card events without holding up every other PC/SC call of the JVM).",
            min = "10")
    long poll_interval_ms() default 250;
}
