package org.cardmanage.webconsole.internal;

import java.util.Map;

import org.cardmanage.api.Disposition;
import org.cardmanage.api.admin.CardAdmin;

/**
 * The operator's actions, as the page POSTs them: {@code detach} (force-detach an attachment with a disposition) and
 * {@code insert} / {@code remove} (a simulated card). Each answers with an HTTP status and a message.
 */
final class ConsoleActions {
    /**
     * @param status the HTTP status
     * @param message what happened, or why nothing did
     */
    record Outcome(int status, String message) {
        boolean ok() {
            return status < 300;
        }
    }

    private ConsoleActions() {
    }

    /**
     * @param params the form parameters: {@code action}, and {@code id} + {@code disposition} or {@code reader} +
     *     {@code profile}
     * @param user who asks, for the reason the owner is given
     * @param admin the administration service, or null while the core is not running
     * @param sim the simulator, or null without driver-sim
     */
    static Outcome run(Map<String, String> params, String user, CardAdmin admin, SimCards sim) {
        String action = params.getOrDefault("action", "");
        return switch (action) {
            case "detach" -> detach(params, user, admin);
            case "insert" -> insert(params, sim);
            case "remove" -> remove(params, sim);
            default -> new Outcome(400, "unknown action '" + action + "': expected detach, insert or remove");
        };
    }

    private static Outcome detach(Map<String, String> params, String user, CardAdmin admin) {
        String id = params.getOrDefault("id", "").trim();
        if (id.isEmpty()) {
            return new Outcome(400, "detach needs the attachment id");
        }
        Disposition disposition;
        try {
            disposition = Disposition.parse(params.getOrDefault("disposition", "reset"));
        } catch (IllegalArgumentException e) {
            return new Outcome(400, e.getMessage());
        }
        if (admin == null) {
            return new Outcome(503, "the card manager is not running");
        }
        String reason = "detached by " + user + " from the web console";
        if (!admin.forceDetach(id, disposition, reason)) {
            return new Outcome(404, "no live attachment '" + id + "'");
        }
        return new Outcome(200, id + " detached (" + disposition + ")");
    }

    private static Outcome insert(Map<String, String> params, SimCards sim) {
        String reader = params.getOrDefault("reader", "");
        String profile = params.getOrDefault("profile", "demo");
        if (!SimCards.PROFILES.contains(profile)) {
            return new Outcome(400, "unknown card profile '" + profile + "': expected " + SimCards.PROFILES);
        }
        if (sim == null) {
            return new Outcome(503, "the simulated-reader driver (driver-sim) is not running");
        }
        try {
            sim.insert(reader, profile);
            return new Outcome(200, "a " + profile + " card was inserted into '" + reader + "'");
        } catch (IllegalArgumentException e) {
            return new Outcome(404, e.getMessage());
        } catch (IllegalStateException e) {
            return new Outcome(409, e.getMessage());
        }
    }

    private static Outcome remove(Map<String, String> params, SimCards sim) {
        String reader = params.getOrDefault("reader", "");
        if (sim == null) {
            return new Outcome(503, "the simulated-reader driver (driver-sim) is not running");
        }
        try {
            return sim.remove(reader) ? new Outcome(200, "the card was removed from '" + reader + "'")
                    : new Outcome(409, "there is no card in '" + reader + "'");
        } catch (IllegalArgumentException e) {
            return new Outcome(404, e.getMessage());
        }
    }
}
