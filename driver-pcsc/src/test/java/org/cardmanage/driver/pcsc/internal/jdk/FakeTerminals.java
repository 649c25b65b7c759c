package org.cardmanage.driver.pcsc.internal.jdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/** A reader list that a test changes. */
class FakeTerminals extends CardTerminals {
    final List<FakeTerminal> readers = new CopyOnWriteArrayList<>();

    FakeTerminals(FakeTerminal... readers) {
        this.readers.addAll(List.of(readers));
    }

    @Override
    public List<CardTerminal> list(State state) throws javax.smartcardio.CardException {
        return List.copyOf(readers);
    }

    @Override
    public boolean waitForChange(long timeout) {
        throw new UnsupportedOperationException("the port must not block in the JDK's shared context");
    }
}
