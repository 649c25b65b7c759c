package org.cardmanage.remote.internal.client;

import java.util.concurrent.TimeUnit;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.ScardError;
import org.cardmanage.remote.internal.errors.WireErrors;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

/**
 * Every unary call to one farm, bounded, and the farm's liveness as the calls show it. Rules:
 * <ul>
 * <li>Each call has a gRPC deadline ({@code call.timeout.ms} unless the caller gives a shorter one); the caller waits
 * for it on its own thread, so an APDU costs no thread hand-over.</li>
 * <li>An interrupted caller cancels its call on the wire and gets {@link ScardError#SCARD_E_CANCELLED}, its
 * interrupt flag still set; a call that changes the card then says its outcome is unknown. A caller interrupted
 * before the call is sent gets the same code, and nothing was sent.</li>
 * <li>Every failure is translated once, by {@link WireErrors}; nothing of the request or the answer goes into a
 * message.</li>
 * <li>The farm <em>answered</em> when a call succeeded or failed with a status the farm sent: not when the deadline
 * passed, the call was cancelled, or the farm could not be reached. {@link #silentNanos()} counts from the last
 * answer.</li>
 * </ul>
 */
final class FarmCalls {
    private final String farm;
    private final FarmChannel channel;
    private final long callTimeoutMs;
    private volatile long lastAnswer = System.nanoTime();

    FarmCalls(String farm, FarmChannel channel, long callTimeoutMs) {
        this.farm = farm;
        this.channel = channel;
        this.callTimeoutMs = callTimeoutMs;
    }

    String farm() {
        return farm;
    }

    long callTimeoutMs() {
        return callTimeoutMs;
    }

    FarmChannel channel() {
        return channel;
    }

    /** Calls with the deadline {@code call.timeout.ms}; see {@link #call(MethodDescriptor, Object, String, boolean, long)}. */
    <Q, A> A call(MethodDescriptor<Q, A> method, Q request, String what, boolean changesCard) throws CardException {
        return call(method, request, what, changesCard, callTimeoutMs);
    }

    /**
     * @param method the method
     * @param request the request
     * @param what the call for messages, e.g. {@code transmit on 'lab/Reader 0'}; never data
     * @param changesCard whether the call acts on the card, so that a lost answer leaves its outcome unknown
     * @param deadlineMs the call's deadline
     * @return the farm's answer
     * @throws CardException the call's failure as the API types it
     */
    <Q, A> A call(MethodDescriptor<Q, A> method, Q request, String what, boolean changesCard, long deadlineMs)
            throws CardException {
        if (Thread.currentThread().isInterrupted()) {
            throw WireErrors.toCard(Status.CANCELLED.withDescription("the caller was interrupted; nothing was sent")
                    .asRuntimeException(), farm, what, false, deadlineMs);
        }
        try {
            // The caller's own thread runs the call's callbacks: an APDU costs no thread hand-over. An interrupt
            // cancels the call on the wire and ends it CANCELLED, the interrupt flag set again.
            A answer = ClientCalls.blockingUnaryCall(channel.current(), method,
                    CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS), request);
            answered();
            return answer;
        } catch (StatusRuntimeException failure) {
            if (failure.getStatus().getCode() == Status.Code.CANCELLED && Thread.currentThread().isInterrupted()) {
                throw WireErrors.toCard(Status.CANCELLED.withDescription("the caller was interrupted")
                        .asRuntimeException(), farm, what, changesCard, deadlineMs);
            }
            if (failure.getStatus().getCode() == Status.Code.CANCELLED && failure.getStatus().getCause() != null) {
                // gRPC cancels a call whose answer it cannot decode: the farm answered, wrongly
                answered();
                throw new CardIOException(ScardError.SCARD_F_COMM_ERROR, "farm '" + farm + "' sent a malformed "
                        + "answer to " + what + (changesCard ? "; the outcome is unknown" : ""), null);
            }
            if (farmAnswered(failure)) {
                answered();
            }
            throw WireErrors.toCard(failure, farm, what, changesCard, deadlineMs);
        } catch (RuntimeException e) { // not a status: the request could not be sent
            throw new CardIOException(ScardError.SCARD_F_COMM_ERROR, "farm '" + farm + "': " + what
                    + " failed before an answer (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Notes that the farm answered just now (a call, or an event on its stream). */
    void answered() {
        lastAnswer = System.nanoTime();
    }

    /** @return how long the farm has not answered */
    long silentNanos() {
        return System.nanoTime() - lastAnswer;
    }

    /** Rule: a status the farm sent shows it alive; one that the client made up for lack of an answer does not. */
    static boolean farmAnswered(StatusRuntimeException failure) {
        if (failure.getTrailers() != null && failure.getTrailers().containsKey(WireErrors.DETAIL)) {
            return true;
        }
        return switch (failure.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> false;
            default -> true;
        };
    }
}
