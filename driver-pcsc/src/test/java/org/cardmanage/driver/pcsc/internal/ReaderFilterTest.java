package org.cardmanage.driver.pcsc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReaderFilterTest {

    @Test
    void theDefaultOffersEveryReader() {
        ReaderFilter filter = PcscSettings.DEFAULTS.filter();
        assertThat(filter.accepts("Virtual PCD 00 00")).isTrue();
        assertThat(filter.accepts("")).isTrue();
    }

    @Test
    void onlyIncludedReadersAreOffered() {
        ReaderFilter filter = new ReaderFilter(List.of("Virtual PCD *", "ACS ACR?? 00 00"), List.of());
        assertThat(filter.accepts("Virtual PCD 00 01")).isTrue();
        assertThat(filter.accepts("ACS ACR38 00 00")).isTrue();
        assertThat(filter.accepts("ACS ACR1252 00 00")).isFalse();
        assertThat(filter.accepts("Gemalto PC Twin Reader 00 00")).isFalse();
    }

    @Test
    void excludeWinsOverInclude() {
        ReaderFilter filter = new ReaderFilter(List.of("*"), List.of("* 01"));
        assertThat(filter.accepts("Virtual PCD 00 00")).isTrue();
        assertThat(filter.accepts("Virtual PCD 00 01")).isFalse();
    }

    @Test
    void matchingIsCaseSensitiveAndWhole() {
        ReaderFilter filter = new ReaderFilter(List.of("Virtual"), List.of());
        assertThat(filter.accepts("Virtual PCD 00 00")).isFalse();
        assertThat(new ReaderFilter(List.of("virtual*"), List.of()).accepts("Virtual PCD 00 00")).isFalse();
    }

    @Test
    void blankPatternsAreIgnoredAndNoIncludeOffersNothing() {
        assertThat(new ReaderFilter(List.of(" "), List.of("")).accepts("Virtual PCD 00 00")).isFalse();
        assertThat(new ReaderFilter(List.of("*"), List.of(" ")).accepts("Virtual PCD 00 00")).isTrue();
    }
}
