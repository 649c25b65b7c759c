package org.cardmanage.itests.pcsc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sits between a vpcd card and vpcd and counts what vpcd sends the card: control bytes (0 power off, 1 power on,
 * 2 reset, 4 get ATR) and command APDUs, which it also keeps. A card connects to {@link #port()} instead of vpcd's
 * port; the tap connects to vpcd for it and relays frames both ways unchanged, so "inserted" and "removed" work as
 * without it. Lets a test see that pcscd powered the card down, and that no command reached the card late.
 */
public final class VpcdTap implements AutoCloseable {
    public static final int POWER_OFF = 0;
    public static final int POWER_ON = 1;
    public static final int RESET = 2;

    private final int vpcdPort;
    private final ServerSocket server;
    private final AtomicLongArray controls = new AtomicLongArray(256);
    private final List<String> apdus = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Starts listening on a free loopback port for a card that vpcd's port {@code vpcdPort} should serve. */
    public VpcdTap(int vpcdPort) throws IOException {
        this.vpcdPort = vpcdPort;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "itest-vpcd-tap-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the port the card connects to */
    public int port() {
        return server.getLocalPort();
    }

    /** @return how often vpcd sent this control byte so far */
    public long controls(int code) {
        return controls.get(code);
    }

    /** @return the command APDUs vpcd passed to the card so far, as upper-case hex, in order */
    public List<String> apdus() {
        return List.copyOf(apdus);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket card = server.accept();
                Socket vpcd = new Socket();
                try {
                    vpcd.setTcpNoDelay(true);
                    vpcd.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), vpcdPort), 1000);
                } catch (IOException refused) {
                    card.close(); // vpcd is not there: the card tries again
                    vpcd.close();
                    continue;
                }
                card.setTcpNoDelay(true);
                open.add(card);
                open.add(vpcd);
                relay("card->vpcd", card, vpcd, false);
                relay("vpcd->card", vpcd, card, true);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(String direction, Socket from, Socket to, boolean count) {
        Thread thread = new Thread(() -> {
            try {
                DataInputStream in = new DataInputStream(from.getInputStream());
                OutputStream out = to.getOutputStream();
                while (true) {
                    int length = in.readUnsignedShort();
                    byte[] payload = new byte[length];
                    in.readFully(payload);
                    if (count) {
                        if (length == 1) {
                            controls.incrementAndGet(payload[0] & 0xFF);
                        } else if (length > 1) {
                            apdus.add(HexFormat.of().withUpperCase().formatHex(payload));
                        }
                    }
                    byte[] frame = new byte[length + 2];
                    frame[0] = (byte) (length >> 8);
                    frame[1] = (byte) length;
                    System.arraycopy(payload, 0, frame, 2, length);
                    out.write(frame);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side closed (EOF or reset): close the other too, as a card leaving the reader
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "itest-vpcd-tap " + direction);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(VpcdTap::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is all that was wanted
        }
    }

    @Override
    public String toString() {
        return "VpcdTap[" + port() + " -> vpcd " + vpcdPort + ": power off " + controls(POWER_OFF) + ", on "
                + controls(POWER_ON) + ", reset " + controls(RESET) + ", " + apdus.size() + " APDUs]";
    }
}
