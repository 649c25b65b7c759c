package org.cardmanage.driver.sim.internal.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cardmanage.driver.sim.internal.card.Apdus.send;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.cardmanage.driver.sim.internal.card.Apdus.Resp;
import org.junit.jupiter.api.Test;

class SimulatedCardChannelTest {

    private final SimulatedCard card = SimulatedCard.create(CardProfile.DEMO);

    @Test
    void openAssignsTheLowestFreeChannel() {
        Resp r = send(card, "0070000001");
        assertThat(r.sw()).isEqualTo("9000");
        assertThat(r.dataHex()).isEqualTo("01");
        assertThat(send(card, "0070000001").dataHex()).isEqualTo("02");
        assertThat(send(card, "00708001").sw()).isEqualTo("9000");
        assertThat(send(card, "0070000001").dataHex()).isEqualTo("01");
    }

    @Test
    void openFailsWhenNoChannelIsFree() {
        for (int i = 0; i < 3; i++) {
            assertThat(send(card, "0070000001").sw()).isEqualTo("9000");
        }
        assertThat(send(card, "0070000001").sw()).isEqualTo("6A81");
    }

    @Test
    void openANamedChannel() {
        assertThat(send(card, "00700003").sw()).isEqualTo("9000");
        assertThat(send(card, "03A4000C023F00").sw()).isEqualTo("9000");
        assertThat(send(card, "00700003").sw()).as("already open").isEqualTo("6985");
        assertThat(send(card, "0070000001").dataHex()).isEqualTo("01");
    }

    @Test
    void commandOnAClosedChannelIsRefused() {
        assertThat(send(card, "01A4000C023F00").sw()).isEqualTo("6881");
        send(card, "0070000001");
        assertThat(send(card, "01A4000C023F00").sw()).isEqualTo("9000");
        assertThat(send(card, "01708001").sw()).isEqualTo("9000");
        assertThat(send(card, "01A4000C023F00").sw()).isEqualTo("6881");
    }

    @Test
    void closeWithP2ZeroClosesTheCommandsOwnChannel() {
        send(card, "0070000001");
        send(card, "0070000001");
        assertThat(send(card, "02708000").sw()).isEqualTo("9000");
        assertThat(send(card, "02A4000C023F00").sw()).isEqualTo("6881");
        assertThat(send(card, "01A4000C023F00").sw()).isEqualTo("9000");
    }

    @Test
    void closeErrors() {
        assertThat(send(card, "00708000").sw()).as("basic channel").isEqualTo("6A86");
        assertThat(send(card, "00708002").sw()).as("not open").isEqualTo("6881");
        assertThat(send(card, "00708005").sw()).as("channel 5 unsupported").isEqualTo("6881");
        assertThat(send(card, "00708020").sw()).isEqualTo("6A86");
        assertThat(send(card, "00704000").sw()).as("P1").isEqualTo("6A86");
        assertThat(send(card, "007080010101").sw()).as("data").isEqualTo("6700");
    }

    @Test
    void openErrors() {
        assertThat(send(card, "00700000").sw()).as("P2=00 needs Le").isEqualTo("6700");
        assertThat(send(card, "00700004").sw()).isEqualTo("6881");
        assertThat(send(card, "00700020").sw()).isEqualTo("6A86");
    }

    @Test
    void channelsHaveIndependentCurrentFiles() {
        send(card, "0070000001");
        send(card, "00A4000C022F01");
        send(card, "01A4080C0450005002");
        assertThat(send(card, "00B0000002").dataHex()).isEqualTo("0001");
        assertThat(send(card, "01B0000002").dataHex()).isEqualTo("6361");
        send(card, "00A4000C025000");
        assertThat(send(card, "01B0000002").dataHex()).as("channel 1 unaffected").isEqualTo("6361");
        assertThat(send(card, "00B0000002").sw()).isEqualTo("6986");
    }

    @Test
    void channelOpenedFromBasicChannelStartsAtMf() {
        send(card, "00A4000C022F01");
        send(card, "0070000001");
        assertThat(send(card, "01B0000001").sw()).isEqualTo("6986");
        assertThat(send(card, "01A4020C022F01").sw()).as("current DF is MF").isEqualTo("9000");
    }

    @Test
    void channelOpenedFromAnotherChannelCopiesItsSelection() {
        send(card, "0070000001");
        send(card, "01A4080C0450005002");
        assertThat(send(card, "0170000001").dataHex()).isEqualTo("02");
        assertThat(send(card, "02B0000002").dataHex()).isEqualTo("6361");
    }

    @Test
    void securityStatusIsSharedBetweenChannels() {
        send(card, "0070000001");
        assertThat(send(card, "012000810431323334").sw()).isEqualTo("9000");
        send(card, "00A4080C0450005001");
        assertThat(send(card, "00B0000001").sw()).isEqualTo("9000");
    }

    @Test
    void resetClosesChannelsAndReselectsMf() {
        send(card, "0070000001");
        send(card, "00A4000C022F01");
        card.reset();
        assertThat(send(card, "01A4000C023F00").sw()).isEqualTo("6881");
        assertThat(send(card, "00B0000001").sw()).isEqualTo("6986");
        assertThat(send(card, "00A4020C022F01").sw()).isEqualTo("9000");
    }

    @Test
    void concurrentCallersOnDifferentChannelsSeeConsistentResults() throws InterruptedException {
        String[] paths = {"022F01", "0450005002", "022F00"};
        String[] expected = {"0001", "6361", "6110"};
        for (int ch = 1; ch < paths.length; ch++) {
            send(card, "0070000001");
        }
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int ch = 0; ch < paths.length; ch++) {
            int channel = ch;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    Resp sel = send(card, String.format("%02XA4080C", channel) + paths[channel]);
                    Resp r = send(card, String.format("%02XB0000002", channel));
                    if (!sel.sw().equals("9000") || !r.dataHex().equals(expected[channel])) {
                        failures.add(channel + ": " + sel.sw() + " " + r.dataHex() + r.sw());
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }
}
