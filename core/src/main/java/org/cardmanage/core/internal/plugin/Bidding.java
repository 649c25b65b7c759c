package org.cardmanage.core.internal.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.cardmanage.api.CardStatus;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.spi.CardServiceFactory;

/**
 * Asks plugins to bid for a card. Each {@code match} runs on the core's worker pool and all of them together get one
 * deadline, so a plugin that hangs in {@code match} costs the caller a bounded wait and no bid, never a blocked
 * {@code createInterface}; a plugin that throws gets no bid either. Both are logged.
 */
final class Bidding {

    /** A registration with what it bid. */
    record Offer(PluginRegistration registration, int bid, String failure) {
    }

    /** Best first: highest bid, then highest ranking, then the oldest service (lowest id). */
    static final Comparator<Offer> BEST_FIRST = Comparator.comparingInt(Offer::bid).reversed()
            .thenComparing(Comparator.comparingInt((Offer o) -> o.registration().ranking()).reversed())
            .thenComparingLong(o -> o.registration().serviceId());

    private final ExecutorService worker;
    private final Duration wait;

    Bidding(ExecutorService worker, Duration wait) {
        this.worker = worker;
        this.wait = wait;
    }

    /** @return every registration's offer, best first; failed and non-matching ones with bid 0 */
    List<Offer> collect(List<PluginRegistration> bidders, CardStatus status) {
        List<Future<Integer>> futures = new ArrayList<>(bidders.size());
        for (PluginRegistration bidder : bidders) {
            futures.add(submit(bidder, status));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<Offer> offers = new ArrayList<>(bidders.size());
        for (int i = 0; i < bidders.size(); i++) {
            offers.add(await(bidders.get(i), futures.get(i), deadline, status));
        }
        offers.sort(BEST_FIRST);
        return offers;
    }

    private Future<Integer> submit(PluginRegistration bidder, CardStatus status) {
        CardServiceFactory factory = bidder.factory();
        try {
            return worker.submit(() -> factory.match(status));
        } catch (RejectedExecutionException stopping) {
            // The core is stopping and its pool with it: ask on this thread rather than not at all.
            CompletableFuture<Integer> answer = new CompletableFuture<>();
            try {
                answer.complete(factory.match(status));
            } catch (RuntimeException | LinkageError e) {
                answer.completeExceptionally(e);
            }
            return answer;
        }
    }

    private Offer await(PluginRegistration bidder, Future<Integer> future, long deadline, CardStatus status) {
        try {
            int bid = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Offer(bidder, Math.max(CardServiceFactory.NO_MATCH, bid), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(bidder, "did not answer match() within " + wait.toMillis() + " ms", null, status);
        } catch (ExecutionException e) {
            return failed(bidder, "threw from match(): " + e.getCause(), e.getCause(), status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return failed(bidder, "was not asked: the caller was interrupted", null, status);
        }
    }

    private static Offer failed(PluginRegistration bidder, String why, Throwable cause, CardStatus status) {
        String message = "card-service plugin " + bidder.describe() + " " + why + " for the card in reader '"
                + status.readerName() + "'; it is left out";
        if (cause instanceof RuntimeException) {
            CoreLog.warn(message, cause);
        } else {
            CoreLog.warn(message);
        }
        return new Offer(bidder, CardServiceFactory.NO_MATCH, why);
    }
}
