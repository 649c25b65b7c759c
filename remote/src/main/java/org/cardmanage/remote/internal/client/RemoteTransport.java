package org.cardmanage.remote.internal.client;

import java.util.Hashtable;
import java.util.HexFormat;
import java.util.Set;

import org.cardmanage.api.CardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.remote.internal.wire.Reader;
import org.cardmanage.spi.CardSession;
import org.cardmanage.spi.ReaderTransport;

/**
 * One farm reader as a local reader named {@code FARM/READER}: connecting opens a session on the farm. Its service
 * properties ({@link #properties}) are the farm's view of the reader, already checked by {@link ReaderCheck}.
 */
final class RemoteTransport implements ReaderTransport {
    /** The driver name of every remote reader. */
    static final String DRIVER = "remote";
    /** Service property: the farm's local name, the FARM of FARM/READER. */
    static final String REMOTE_HOST = "remote.host";
    /** Service property: the reader's name on the farm. */
    static final String REMOTE_READER = "remote.reader";
    /** Service property: the farm's driver of the reader. */
    static final String REMOTE_DRIVER = "remote.driver";
    /** Service property: the farm's address as configured. */
    static final String REMOTE_ADDRESS = "remote.address";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final FarmCalls calls;
    private final OpenSessions sessions;
    private final String name;
    private final String remoteName;

    RemoteTransport(FarmCalls calls, OpenSessions sessions, String remoteName) {
        this.calls = calls;
        this.sessions = sessions;
        this.name = localName(calls.farm(), remoteName);
        this.remoteName = remoteName;
    }

    /** @return the local name of a farm's reader */
    static String localName(String farm, String remoteName) {
        return farm + "/" + remoteName;
    }

    String name() {
        return name;
    }

    @Override
    public CardSession connect(ShareMode shareMode, Set<Protocol> protocols) throws CardException {
        return RemoteCardSession.open(calls, sessions, name, remoteName, shareMode, protocols);
    }

    /**
     * @param farm the farm's local name
     * @param address the farm's address as configured
     * @param reader the reader, as checked by {@link ReaderCheck}
     * @return the service properties of the reader's transport
     */
    static Hashtable<String, Object> properties(String farm, String address, Reader reader) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(READER_NAME, localName(farm, reader.getName()));
        properties.put(DRIVER_NAME, DRIVER);
        properties.put(CARD_PRESENT, reader.getCardPresent());
        properties.put(CARD_INSERTION, reader.getInsertion());
        if (reader.getCardPresent() && !reader.getAtr().isEmpty()) {
            properties.put(CARD_ATR, HEX.formatHex(reader.getAtr().toByteArray()));
        }
        properties.put(REMOTE_HOST, farm);
        properties.put(REMOTE_ADDRESS, address);
        properties.put(REMOTE_READER, reader.getName());
        properties.put(REMOTE_DRIVER, reader.getDriver());
        properties.put("service.description", "cardmanage remote reader '" + reader.getName() + "' of farm '" + farm
                + "'");
        return properties;
    }
}
