package org.cardmanage.remote.internal.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.remote.internal.farm.FarmServiceTest.waitFor;
import static org.cardmanage.remote.internal.farm.PlainFarm.call;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.cardmanage.remote.internal.wire.CardFarmGrpc;
import org.cardmanage.remote.internal.wire.ListReadersRequest;
import org.cardmanage.remote.internal.wire.OpenRequest;
import org.cardmanage.remote.internal.wire.Protocol;
import org.cardmanage.remote.internal.wire.ShareMode;
import org.cardmanage.remote.internal.wire.TransmitRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What a hostile peer can do to the farm costs that peer's connection only. */
class FarmRobustnessTest {
    private final List<Socket> sockets = new ArrayList<>();
    private PlainFarm farm;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
        if (farm != null) {
            farm.close();
        }
    }

    private Socket raw() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), farm.farm.port());
        sockets.add(socket);
        return socket;
    }

    private int readers(ManagedChannel on) {
        return call(on, CardFarmGrpc.LIST_READERS, ListReadersRequest.getDefaultInstance()).getReadersCount();
    }

    @Test
    void connectionsBeyondTheBoundAreClosedAtOnceAndTheFarmServesWhenTheyGo() throws Exception {
        farm = new PlainFarm(10_000, new FarmSettings.Limits(4, 4, 64 * 1024, 5_000, 60_000, 2_000),
                "anonymous | readers=*");
        for (int i = 0; i < 4; i++) {
            raw();
        }
        waitFor(() -> farm.farm.connections() == 4, "four idle connections");
        Socket extra = raw();
        extra.setSoTimeout(5_000);

        assertThat(extra.getInputStream().read()).as("closed at once").isEqualTo(-1);
        for (Socket socket : sockets) {
            socket.close();
        }
        waitFor(() -> farm.farm.connections() == 0, "the idle connections are gone");
        channel = farm.connect();
        assertThat(readers(channel)).isEqualTo(3);
    }

    @Test
    void garbageCostsOnlyItsOwnConnection() throws Exception {
        farm = new PlainFarm(10_000, "anonymous | readers=*");
        channel = farm.connect();
        assertThat(readers(channel)).isEqualTo(3);
        Random random = new Random(20261203);

        for (int i = 0; i < 1000; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), farm.farm.port());
            try (socket) {
                socket.setSoTimeout(5_000);
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                socket.getOutputStream().write(garbage);
                drain(socket.getInputStream());
            }
        }

        assertThat(readers(channel)).as("the established client goes on").isEqualTo(3);
        ManagedChannel fresh = farm.connect();
        try {
            assertThat(readers(fresh)).as("a new client is served").isEqualTo(3);
        } finally {
            fresh.shutdownNow();
        }
    }

    @Test
    void anOversizeRequestFailsThatCallOnly() throws Exception {
        farm = new PlainFarm(10_000, "anonymous | readers=*");
        channel = farm.connect();
        String id = call(channel, CardFarmGrpc.OPEN, OpenRequest.newBuilder().setReader("Sim Reader 0")
                .setShareMode(ShareMode.SHARE_MODE_SHARED).addProtocols(Protocol.PROTOCOL_T1).build())
                .getSessionId();

        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (FarmServer.STREAM_LOG.isLoggable(record.getLevel())) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        FarmServer.STREAM_LOG.addHandler(recorder);
        try {
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> call(channel, CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder()
                        .setSessionId(id).setCommand(ByteString.copyFrom(new byte[200 * 1024])).build()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
            }
        } finally {
            FarmServer.STREAM_LOG.removeHandler(recorder);
        }
        assertThat(logged).as("oversize requests do not fill the farm's log").isEmpty();

        assertThat(call(channel, CardFarmGrpc.TRANSMIT, TransmitRequest.newBuilder().setSessionId(id)
                .setCommand(ByteString.copyFrom(new byte[] {0, (byte) 0xA4, 0, 0})).build()).getResponse().size())
                .isEqualTo(2);
        assertThat(farm.cards.last().sentCount()).isEqualTo(1);
    }

    /** Reads until the farm closes the connection or stops answering. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // the server's preface and GOAWAY: read and drop
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the farm kept a garbage connection open", stillOpen);
        } catch (IOException reset) {
            // a reset is a close too
        }
    }
}
