package org.cardmanage.core.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.plugin.FakePlugin;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServicesCommandTest {
    private TestCore fixture;
    private CardCore core;
    private ServicesCommand command;
    private String attachmentId;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new TestCore();
        core = fixture.core();
        ShellReader.plugInto(fixture, "Reader A", true);
        attachmentId = fixture.manager("app").attachByReader("Reader A", AttachOptions.shared()).id();
        command = new ServicesCommand(core);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void listsThePluginsBidsBestFirst() {
        new FakePlugin("low", 11, 1).register(core.cardServices());
        new FakePlugin("high", 12, 50).register(core.cardServices());

        String out = command.services(attachmentId);

        assertThat(out.lines().toList()).hasSize(3);
        assertThat(out.lines().skip(1).findFirst().orElseThrow()).contains("high").contains("50");
        assertThat(out).contains("low");
    }

    @Test
    void saysSoWhenNoPluginIsInstalled() {
        assertThat(command.services(attachmentId)).isEqualTo("no card-service plugin is installed");
    }

    @Test
    void unknownAttachmentIsAClearError() {
        assertThatThrownBy(() -> command.services("a-999")).isInstanceOf(ShellException.class)
                .hasMessageContaining("a-999");
    }

    @Test
    void wrongArgumentsGiveTheUsageLine() {
        assertThatThrownBy(() -> command.services()).isInstanceOf(ShellException.class)
                .hasMessage("usage: " + ServicesCommand.SERVICES);
    }
}
