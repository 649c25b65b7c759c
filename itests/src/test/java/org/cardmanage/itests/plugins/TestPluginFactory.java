package org.cardmanage.itests.plugins;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardStatus;
import org.cardmanage.spi.CardServiceFactory;

/** A test plugin's factory: a fixed bid, and optionally a fault in {@code match} or {@code create}. */
public final class TestPluginFactory implements CardServiceFactory {
    private final String name;
    private final int bid;
    private final String fault;

    public TestPluginFactory(String name, int bid, String fault) {
        this.name = name;
        this.bid = bid;
        this.fault = fault == null ? "none" : fault;
    }

    @Override
    public int match(CardStatus status) {
        if ("match".equals(fault)) {
            throw new IllegalStateException("test plugin " + name + " fails in match by design");
        }
        return bid;
    }

    @Override
    public Object create(Attachment attachment) {
        if ("create".equals(fault)) {
            throw new IllegalStateException("test plugin " + name + " fails in create by design");
        }
        return new TestFileAccess(name, attachment);
    }
}
