package org.cardmanage.remote.internal.client;

import java.util.Hashtable;
import java.util.Set;

import org.cardmanage.api.CardException;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.remote.RemoteReader;
import org.cardmanage.spi.CardSession;
import org.cardmanage.spi.ReaderTransport;

/** One farm reader as a local reader named {@code HOST/READER}: its sessions are sessions on the farm. */
final class RemoteTransport implements ReaderTransport {
    /** The driver name of every remote reader. */
    static final String DRIVER = "remote";
    /** Service property: the farm's host name. */
    static final String REMOTE_HOST = "remote.host";
    /** Service property: the reader's name on the farm. */
    static final String REMOTE_READER = "remote.reader";
    /** Service property: the farm's driver of the reader. */
    static final String REMOTE_DRIVER = "remote.driver";

    private final FarmLink link;
    private final String name;
    private final String remoteName;

    RemoteTransport(FarmLink link, String host, String remoteName) {
        this.link = link;
        this.name = host + "/" + remoteName;
        this.remoteName = remoteName;
    }

    String name() {
        return name;
    }

    @Override
    public CardSession connect(ShareMode shareMode, Set<Protocol> protocols) throws CardException {
        return link.open(name, remoteName, shareMode, protocols);
    }

    static Hashtable<String, Object> properties(String host, String name, RemoteReader reader) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(READER_NAME, name);
        properties.put(DRIVER_NAME, DRIVER);
        properties.put(CARD_PRESENT, reader.cardPresent());
        properties.put(CARD_INSERTION, reader.insertion());
        if (reader.cardPresent() && !reader.atrHex().isEmpty()) {
            properties.put(CARD_ATR, reader.atrHex());
        }
        properties.put(REMOTE_HOST, host);
        properties.put(REMOTE_READER, reader.name());
        properties.put(REMOTE_DRIVER, reader.driver());
        properties.put("service.description", "cardmanage remote reader " + reader.name() + " on farm " + host);
        return properties;
    }
}
