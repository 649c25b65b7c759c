package org.cardmanage.core.internal.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@code createInterface} chooses a plugin: bids, rankings, and plugins that fail while being chosen. */
class CardServiceChoiceTest {
    private final TestCore fixture = new TestCore();
    private final CardServices services = fixture.core().cardServices();
    private final FakeReader reader = fixture.readerWithCard("Reader A");
    private final Attachment attachment = attach();
    private final CountDownLatch hang = new CountDownLatch(1);

    private Attachment attach() {
        try {
            return fixture.manager("app").attachByReader("Reader A");
        } catch (CardException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        hang.countDown();
        fixture.close();
    }

    private String chosen() throws CardException {
        return attachment.createInterface(Echo.class).name();
    }

    @Test
    void highestBidWins() throws CardException {
        new FakePlugin("low", 1, 1).register(services);
        new FakePlugin("high", 2, 50).register(services);
        new FakePlugin("middle", 3, 10).register(services);

        assertThat(chosen()).isEqualTo("high");
    }

    @Test
    void equalBidsGoToTheHigherRanking() throws CardException {
        new FakePlugin("plain", 1, 10).register(services, 0);
        new FakePlugin("ranked", 2, 10).register(services, 5);

        assertThat(chosen()).isEqualTo("ranked");
    }

    @Test
    void equalBidsAndRankingsGoToTheOlderService() throws CardException {
        new FakePlugin("newer", 7, 10).register(services);
        new FakePlugin("older", 3, 10).register(services);

        assertThat(chosen()).isEqualTo("older");
    }

    @Test
    void aHigherBidBeatsAHigherRanking() throws CardException {
        new FakePlugin("ranked", 1, 10).register(services, 100);
        new FakePlugin("better", 2, 11).register(services, 0);

        assertThat(chosen()).isEqualTo("better");
    }

    @Test
    void pluginsBidOnTheCardsStatus() throws CardException {
        new FakePlugin("atr-1 only", 1, 0)
                .bidding(status -> status.atr().map(a -> a.toString().equals("3B 02 14 50") ? 100 : 0).orElse(0))
                .register(services);
        new FakePlugin("generic", 2, 1).register(services);

        assertThat(chosen()).isEqualTo("atr-1 only");
    }

    @Test
    void rankingChangesAreFollowed() throws CardException {
        FakePlugin first = new FakePlugin("first", 1, 10).register(services, 1);
        new FakePlugin("second", 2, 10).register(services, 2);

        services.modified(first, first.properties(3, Echo.class.getName()));

        assertThat(chosen()).isEqualTo("first");
    }

    @Test
    void noPluginGivesNotSupportedNamingTheInterfaceTheAtrAndTheReader() {
        assertThatThrownBy(this::chosen).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining(Echo.class.getName())
                .hasMessageContaining("3B 02 14 50")
                .hasMessageContaining("Reader A");
    }

    @Test
    void pluginsOfOtherInterfacesAreNotAsked() {
        FakePlugin other = new FakePlugin("other", 1, 100);
        services.register(other, other, "other [1]", other.properties(0, "org.example.Other"));

        assertThatThrownBy(this::chosen).isInstanceOf(NotSupportedException.class);
        assertThat(other.creates()).isZero();
    }

    @Test
    void pluginBiddingZeroIsNotAskedToCreate() {
        FakePlugin none = new FakePlugin("none", 1, 0).register(services);

        assertThatThrownBy(this::chosen).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("none [1] did not bid");
        assertThat(none.creates()).isZero();
    }

    @Test
    void pluginThrowingFromMatchIsSkipped() throws CardException {
        new FakePlugin("thrower", 1, 0).bidding(status -> {
            throw new IllegalStateException("plugin bug");
        }).register(services);
        new FakePlugin("sound", 2, 1).register(services);

        assertThat(chosen()).isEqualTo("sound");
    }

    @Test
    void pluginHangingInMatchIsSkippedWithinTheBound() throws CardException {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            CardServices quick = new CardServices(pool, Duration.ofMillis(200));
            new FakePlugin("hanging", 1, 0).bidding(this::hangInMatch).register(quick);
            new FakePlugin("sound", 2, 1).register(quick);
            long start = System.nanoTime();

            Echo view = quick.createInterface(attachment, Echo.class);

            assertThat(view.name()).isEqualTo("sound");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            pool.shutdownNow();
        }
    }

    private int hangInMatch(CardStatus status) {
        try {
            hang.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    @Test
    void pluginThrowingFromCreateIsSkipped() throws CardException {
        new FakePlugin("thrower", 1, 50).creating((plugin, a) -> {
            throw new IllegalStateException("plugin bug");
        }).register(services);
        new FakePlugin("sound", 2, 1).register(services);

        assertThat(chosen()).isEqualTo("sound");
    }

    @Test
    void pluginWithALinkageErrorInCreateIsSkipped() throws CardException {
        new FakePlugin("half-gone", 1, 50).creating((plugin, a) -> {
            throw new NoClassDefFoundError("org/example/Gone");
        }).register(services);
        new FakePlugin("sound", 2, 1).register(services);

        assertThat(chosen()).isEqualTo("sound");
    }

    @Test
    void pluginDecliningTheCardIsSkippedAndNamedIfNoneIsLeft() {
        new FakePlugin("picky", 1, 5).creating((plugin, a) -> {
            throw new NotSupportedException("the card does not answer SELECT MF");
        }).register(services);

        assertThatThrownBy(this::chosen).isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("picky [1] declined")
                .hasMessageContaining("does not answer SELECT MF");
    }

    @Test
    void pluginReturningNullOrAnotherTypeIsSkipped() throws CardException {
        new FakePlugin("null", 1, 50).creating((plugin, a) -> null).register(services);
        new FakePlugin("string", 2, 40).creating((plugin, a) -> "not a view").register(services);
        new FakePlugin("sound", 3, 1).register(services);

        assertThat(chosen()).isEqualTo("sound");
    }

    @Test
    void attachmentFailureDuringCreateReachesTheCaller() {
        new FakePlugin("unlucky", 1, 50).creating((plugin, a) -> {
            throw new CardRemovedException("the card was removed from reader 'Reader A'");
        }).register(services);
        FakePlugin next = new FakePlugin("next", 2, 1).register(services);

        assertThatThrownBy(this::chosen).isInstanceOf(CardRemovedException.class);
        assertThat(next.creates()).isZero();
    }

    @Test
    void interfaceWhoseMethodsCannotThrowCardExceptionIsNotSupported() {
        assertThatThrownBy(() -> attachment.createInterface(Runnable.class))
                .isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("run does not declare CardException");
        assertThatThrownBy(() -> attachment.createInterface(String.class))
                .isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("not an interface");
    }

    @Test
    void bidsListEveryPluginBestFirstWithFailures() throws CardException {
        new FakePlugin("low", 1, 1).register(services);
        new FakePlugin("high", 2, 9).register(services, 3);
        new FakePlugin("broken", 3, 0).bidding(status -> {
            throw new IllegalStateException("plugin bug");
        }).register(services);

        List<ServiceBid> bids = services.bids(attachment);

        assertThat(bids).extracting(ServiceBid::plugin).containsExactly("high [2]", "low [1]", "broken [3]");
        assertThat(bids.get(0)).isEqualTo(new ServiceBid("high [2]", 2, 3, List.of(Echo.class.getName()), 9, null));
        assertThat(bids.get(2).matches()).isFalse();
        assertThat(bids.get(2).failure()).contains("plugin bug");
    }
}
