package org.cardmanage.driver.pcsc.internal;

import java.util.Set;

import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.Protocol;

/** Protocol names as {@code CardTerminal.connect} and {@code Card.getProtocol} spell them. */
final class JdkProtocols {
    static final String ANY = "*";
    static final String DIRECT = "DIRECT";

    private JdkProtocols() {
    }

    /**
     * @return what to pass to {@code CardTerminal.connect} for these acceptable protocols
     * @throws NotSupportedException if only RAW is acceptable, which the JDK cannot connect with
     */
    static String request(String readerName, Set<Protocol> protocols) throws NotSupportedException {
        boolean t0 = protocols.contains(Protocol.T0);
        boolean t1 = protocols.contains(Protocol.T1);
        if (t0 && t1) {
            return ANY;
        }
        if (t0) {
            return "T=0";
        }
        if (t1) {
            return "T=1";
        }
        throw new NotSupportedException("reader '" + readerName + "': the JDK's PC/SC provider connects with T=0 or "
                + "T=1 only, not " + protocols);
    }

    /** @return the protocol the JDK reports, or null for a direct connection or one it cannot name */
    static Protocol of(String jdkProtocol) {
        return switch (jdkProtocol) {
            case "T=0" -> Protocol.T0;
            case "T=1" -> Protocol.T1;
            default -> null;
        };
    }

    /** @return whether a connection with the JDK protocol satisfies the request */
    static boolean satisfies(String jdkProtocol, String request) {
        return ANY.equals(request) ? of(jdkProtocol) != null : request.equalsIgnoreCase(jdkProtocol);
    }
}
