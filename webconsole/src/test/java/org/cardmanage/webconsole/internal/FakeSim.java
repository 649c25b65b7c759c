package org.cardmanage.webconsole.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Simulated readers by name, each with a profile name or null when empty. */
final class FakeSim implements SimCards {
    final Map<String, String> cards = new LinkedHashMap<>();

    FakeSim reader(String name, String profile) {
        cards.put(name, profile);
        return this;
    }

    @Override
    public List<String> readers() {
        return new ArrayList<>(cards.keySet());
    }

    @Override
    public void insert(String reader, String profile) {
        if (!cards.containsKey(reader)) {
            throw new IllegalArgumentException("no simulated reader '" + reader + "'");
        }
        if (cards.get(reader) != null) {
            throw new IllegalStateException("reader '" + reader + "' already holds a card");
        }
        cards.put(reader, profile);
    }

    @Override
    public boolean remove(String reader) {
        if (!cards.containsKey(reader)) {
            throw new IllegalArgumentException("no simulated reader '" + reader + "'");
        }
        return cards.put(reader, null) != null;
    }
}
