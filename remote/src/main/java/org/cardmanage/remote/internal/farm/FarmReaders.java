package org.cardmanage.remote.internal.farm;

import java.util.List;
import java.util.Optional;

import org.cardmanage.api.CardManager;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.remote.internal.policy.ClientRule;
import org.cardmanage.remote.internal.wire.Reader;

import com.google.protobuf.ByteString;

/**
 * The farm's readers as the wire shows them to one client: only the readers its rule allows, never the readers that
 * are themselves remote (no {@code HOST/HOST/READER} loops), each with its card's insertion number.
 */
final class FarmReaders {
    /** The driver name of readers that are themselves remote. */
    static final String REMOTE_DRIVER = "remote";

    private final CardManager cards;
    private final Insertions insertions = new Insertions();

    FarmReaders(CardManager cards) {
        this.cards = cards;
    }

    /** @return the readers the rule allows, sorted by name */
    List<Reader> visibleTo(ClientRule rule) {
        return cards.readers().stream().filter(r -> visible(r, rule)).map(this::wire).toList();
    }

    /** @return the reader with that name if the rule allows it */
    Optional<Reader> find(String name, ClientRule rule) {
        return cards.readers().stream().filter(r -> r.name().equals(name) && visible(r, rule)).findFirst()
                .map(this::wire);
    }

    /** @return whether a local reader of that name exists that is not itself remote, whatever the rules */
    boolean isLocal(String name) {
        return cards.readers().stream().anyMatch(r -> r.name().equals(name) && !REMOTE_DRIVER.equals(r.driver()));
    }

    long insertion(String reader, org.cardmanage.api.CardHandle handle) {
        return insertions.of(reader, handle);
    }

    private static boolean visible(ReaderInfo reader, ClientRule rule) {
        return !REMOTE_DRIVER.equals(reader.driver()) && rule.allowsReader(reader.name());
    }

    private Reader wire(ReaderInfo reader) {
        Reader.Builder out = Reader.newBuilder().setName(reader.name()).setDriver(reader.driver())
                .setCardPresent(reader.cardPresent())
                .setInsertion(insertions.of(reader.name(), reader.card().orElse(null)));
        reader.atr().ifPresent(atr -> out.setAtr(ByteString.copyFrom(atr.bytes())));
        return out.build();
    }
}
