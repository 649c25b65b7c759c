package org.cardmanage.driver.sim.vpcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.cardmanage.driver.sim.internal.card.CardProfile;
import org.cardmanage.driver.sim.internal.card.SimulatedCard;

/**
 * A simulated ISO 7816-4 card (the same model as the simulated reader driver's) served to vsmartcard's vpcd reader
 * driver in pcscd. vpcd listens on a TCP port per reader (35963 for {@code Virtual PCD 00 00}, 35964 for
 * {@code Virtual PCD 00 01}); the card connects to it. Connecting is inserting the card, closing the connection is
 * removing it, and its volatile state (PIN verified, selections) is lost then, as with a real card.
 *
 * <p>{@link #insert()} starts one daemon thread that connects, retrying every 100 ms until vpcd listens, and serves
 * vpcd's requests. When vpcd closes the connection (pcscd stopped) the card connects again, unless it was made not
 * to reconnect; {@link #remove()} closes the connection and ends the thread. TCP quick-ACK is re-armed before every
 * read (where the platform has it): vpcd sends a frame's length and payload in two writes, and a delayed ACK would
 * otherwise cost about 40 ms per APDU.
 *
 * <p>As a process: {@code java -cp driver-sim.jar org.cardmanage.driver.sim.vpcd.VpcdCard [--host 127.0.0.1]
 * [--port 35963] [--profile demo|demo-t0] [--once]}; it runs until it is killed ({@code --once}: until the first
 * connection ends).
 *
 * <p>Thread-safe.
 *
 * @since 1.0
 */
public final class VpcdCard implements AutoCloseable {
    /** The host vpcd listens on by default. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port of the first vpcd reader, {@code Virtual PCD 00 00}; the second one listens on the next port. */
    public static final int DEFAULT_PORT = 35963;

    private static final System.Logger LOG = System.getLogger("org.cardmanage.driver.sim.vpcd");
    private static final long RETRY_MILLIS = 100;
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final String host;
    private final int port;
    private final boolean reconnect;
    private final VpcdCardHandler handler;
    private final Object lock = new Object();
    private Thread thread;
    private Socket socket;
    private boolean inserted;
    private long connections;
    private boolean quickAckMissingLogged;

    /**
     * A card that is not inserted yet.
     *
     * @param host the host vpcd listens on
     * @param port vpcd's port for the reader
     * @param profile the card profile: {@code demo} (T=1) or {@code demo-t0} (T=0)
     * @param reconnect whether to connect again when vpcd closes the connection (pcscd restarted)
     * @throws IllegalArgumentException if the host is blank, the port out of range or the profile unknown
     */
    public VpcdCard(String host, int port, String profile, boolean reconnect) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("vpcd host must not be blank");
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("vpcd port must be 1..65535, was " + port);
        }
        this.host = host;
        this.port = port;
        this.reconnect = reconnect;
        this.handler = new VpcdCardHandler(SimulatedCard.create(CardProfile.byName(profile)));
    }

    /** @return the card's ATR as upper-case hex without spaces, as the {@code card.atr} service property has it */
    public String atrHex() {
        return HexFormat.of().withUpperCase().formatHex(handler.card().atr());
    }

    /** Inserts the card: starts connecting to vpcd. Does nothing if it is inserted already. */
    public void insert() {
        synchronized (lock) {
            if (inserted) {
                return;
            }
            inserted = true;
            thread = new Thread(this::run, "vpcd card " + host + ":" + port);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Removes the card: closes the connection (vpcd reports the card gone) and ends the thread, waiting up to 5 s
     * for it. Does nothing if it is not inserted.
     */
    public void remove() {
        Thread running;
        synchronized (lock) {
            if (!inserted) {
                return;
            }
            inserted = false;
            running = thread;
            thread = null;
            closeQuietly(socket);
            lock.notifyAll();
        }
        handler.setMuted(false); // releases an APDU held by a mute card; its answer finds the connection closed
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Mutes or unmutes the card. A muted card stays in the reader (it answers vpcd's power and ATR requests) but does
     * not answer APDUs: the APDU that arrives is held, and answered once the card is unmuted; removing the card
     * unmutes it and drops the held APDU unanswered. For tests of a card that hangs.
     *
     * @param muted whether the card holds APDUs from now on
     * @since 1.1
     */
    public void setMuted(boolean muted) {
        handler.setMuted(muted);
    }

    /** @return whether the card is muted; see {@link #setMuted} */
    public boolean isMuted() {
        return handler.isMuted();
    }

    /** Same as {@link #remove()}. */
    @Override
    public void close() {
        remove();
    }

    /** @return whether the card is connected to vpcd now */
    public boolean isConnected() {
        synchronized (lock) {
            return socket != null;
        }
    }

    /** @return how many times the card has connected to vpcd so far */
    public long connections() {
        synchronized (lock) {
            return connections;
        }
    }

    /**
     * Waits until the card is connected to vpcd, i.e. until at least {@code minConnections} connections were made
     * and one is open.
     *
     * @return whether it is connected; false after the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitConnected(long minConnections, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (socket == null || connections < minConnections) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
            return true;
        }
    }

    /** @return whether the card is inserted (its thread runs) */
    public boolean isInserted() {
        synchronized (lock) {
            return inserted;
        }
    }

    /** Waits for the card's thread to end: for {@link #main}. */
    void join() throws InterruptedException {
        Thread running;
        synchronized (lock) {
            running = thread;
        }
        if (running != null) {
            running.join();
        }
    }

    private void run() {
        boolean firstConnectionMade = false;
        while (stillInserted()) {
            Socket connected = connect();
            if (connected != null) {
                firstConnectionMade = true;
                serve(connected);
                if (!reconnect) {
                    synchronized (lock) {
                        inserted = false;
                        thread = null;
                        lock.notifyAll();
                    }
                    return;
                }
            }
            awaitRetry(firstConnectionMade);
        }
    }

    private boolean stillInserted() {
        synchronized (lock) {
            return inserted;
        }
    }

    /** @return the open socket, registered so that {@link #remove()} can close it; null if vpcd is not there */
    private Socket connect() {
        Socket candidate = new Socket();
        try {
            candidate.setTcpNoDelay(true);
            candidate.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            closeQuietly(candidate);
            return null;
        }
        synchronized (lock) {
            if (!inserted) {
                closeQuietly(candidate);
                return null;
            }
            socket = candidate;
            connections++;
            lock.notifyAll();
        }
        LOG.log(System.Logger.Level.INFO, "vpcd card {0} inserted: connected to vpcd at {1}:{2,number,#}",
                atrHex(), host, port);
        return candidate;
    }

    private void serve(Socket connection) {
        SocketOption<Boolean> quickAck = quickAckOption(connection);
        Runnable beforeRead = quickAck == null ? () -> { } : () -> armQuickAck(connection, quickAck);
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] payload;
            while ((payload = VpcdFrames.read(in, beforeRead)) != null) {
                byte[] reply = handler.handle(payload);
                if (reply != null) {
                    VpcdFrames.write(out, reply);
                }
            }
            LOG.log(System.Logger.Level.INFO, "vpcd at {0}:{1,number,#} closed the connection", host, port);
        } catch (IOException e) {
            if (stillInserted()) {
                LOG.log(System.Logger.Level.INFO, "connection to vpcd at {0}:{1,number,#} ended: {2}", host, port,
                        e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            handler.removed();
            synchronized (lock) {
                if (socket == connection) {
                    socket = null;
                }
                lock.notifyAll();
            }
        }
    }

    private void awaitRetry(boolean afterConnection) {
        synchronized (lock) {
            if (inserted) {
                try {
                    // A wait for remove(), not a pause: remove() notifies at once.
                    lock.wait(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    inserted = false;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private SocketOption<Boolean> quickAckOption(Socket connection) {
        // Looked up by name, so that neither OSGi nor a platform without it needs the jdk.net package.
        for (SocketOption<?> option : connection.supportedOptions()) {
            if ("TCP_QUICKACK".equals(option.name()) && option.type() == Boolean.class) {
                return (SocketOption<Boolean>) option;
            }
        }
        synchronized (lock) {
            if (!quickAckMissingLogged) {
                quickAckMissingLogged = true;
                LOG.log(System.Logger.Level.WARNING, "TCP_QUICKACK is not available on this platform: every APDU "
                        + "through vpcd may wait for a delayed ACK (about 40 ms)");
            }
        }
        return null;
    }

    private static void armQuickAck(Socket connection, SocketOption<Boolean> quickAck) {
        try {
            connection.setOption(quickAck, Boolean.TRUE);
        } catch (IOException e) {
            // The socket is closing; the read that follows reports it.
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is all that was asked; there is nothing left to tell.
            }
        }
    }

    /**
     * Runs a card as a process.
     *
     * @param args {@code [--host HOST] [--port PORT] [--profile demo|demo-t0] [--once]}
     */
    public static void main(String[] args) throws InterruptedException {
        VpcdArguments arguments;
        try {
            arguments = VpcdArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(VpcdArguments.USAGE);
            System.exit(2);
            return;
        }
        if (arguments.help()) {
            System.out.println(VpcdArguments.USAGE);
            return;
        }
        VpcdCard card = new VpcdCard(arguments.host(), arguments.port(), arguments.profile(), !arguments.once());
        Runtime.getRuntime().addShutdownHook(new Thread(card::remove, "vpcd card shutdown"));
        card.insert();
        card.join();
    }
}
