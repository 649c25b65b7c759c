package org.cardmanage.driver.pcsc.internal;

import org.cardmanage.api.CardException;

/** One call queued on a {@link CardWorker}: its state moves from queued to running to done, or it is abandoned. */
final class Job<T> implements Runnable {
    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.pcsc");

    final String operation;
    private final LinkCalls.Call<T> call;
    private final LinkCalls.Undo<T> undo;
    private Thread runner;
    private boolean done;
    private boolean abandoned;
    private T result;
    private Throwable failure;

    Job(String operation, LinkCalls.Call<T> call, LinkCalls.Undo<T> undo) {
        this.operation = operation;
        this.call = call;
        this.undo = undo;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (abandoned || done) {
                return;
            }
            runner = Thread.currentThread();
        }
        T value = null;
        Throwable error = null;
        try {
            value = call.run();
        } catch (Exception | LinkageError | StackOverflowError e) {
            error = e;
        }
        boolean undoNeeded;
        synchronized (this) {
            done = true;
            result = value;
            failure = error;
            undoNeeded = abandoned && error == null && undo != null;
            notifyAll();
        }
        if (undoNeeded) {
            try {
                undo.undo(value);
            } catch (Exception | LinkageError e) {
                LOG.log(System.Logger.Level.DEBUG, "undoing a late " + operation + " failed", e);
            }
        }
    }

    /** Ends a job that never ran. */
    synchronized void fail(CardException reason) {
        if (!done) {
            done = true;
            failure = reason;
            notifyAll();
        }
    }

    /**
     * @param deadline the {@link System#nanoTime()} to wait until
     * @return whether the job is done
     */
    synchronized boolean awaitDone(long deadline) throws InterruptedException {
        while (!done) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return true;
    }

    /**
     * The caller gives up: a queued job will not run; a running one is undone when it completes.
     *
     * @return false if the job was done already (then its outcome stands)
     */
    synchronized boolean abandon() {
        if (done) {
            return false;
        }
        abandoned = true;
        return true;
    }

    /** @return the thread that runs or ran the job; null while it is queued */
    synchronized Thread runner() {
        return runner;
    }

    /** @return the result, or throws the failure translated */
    synchronized T outcome(String readerName) throws CardException {
        if (failure != null) {
            throw PcscErrors.translate(readerName, operation, failure);
        }
        return result;
    }
}
