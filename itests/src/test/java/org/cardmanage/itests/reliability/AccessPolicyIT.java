package org.cardmanage.itests.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.Arrays;
import java.util.Map;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.ShareMode;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.CardmanageTestBase;
import org.cardmanage.itests.ClientBundles;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The reader access policy in the core's configuration, set through ConfigAdmin: one scenario per kind of rule (an
 * allow rule under a deny default, a deny rule under the allow default, the first matching rule deciding), enforced
 * on attach by reader, by handle and on reconnect, failing closed when it cannot be read, and documented in the
 * metatype.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccessPolicyIT extends CardmanageTestBase {
    private static final String POLICY = "access.policy";
    private static final String DEFAULT = "access.default";

    @Configuration
    public Option[] config() {
        return options(baseOptions(), ClientBundles.clientBundles());
    }

    @After
    public void allowAllAgain() {
        policy("allow");
    }

    private void policy(String defaultDecision, String... rules) {
        configureCore(Map.of(POLICY, rules, DEFAULT, defaultDecision));
    }

    @Test
    public void allowRuleUnderDenyDefaultAdmitsOnlyTheBundleItNames() throws Exception {
        policy("deny", "allow " + CLIENT_A + " = Sim Reader *");

        try (Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER)) {
            assertEquals(Apdus.SW_OK, ofA.transmit(Apdus.SELECT_MF).sw());
        }
        AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                () -> managerOf(CLIENT_B).attachByReader(SIM_READER));
        assertMentions(denied, CLIENT_B);
        assertMentions(denied, SIM_READER);
        assertMentions(denied, "access.default is deny");
        assertEquals(ScardError.SCARD_W_SECURITY_VIOLATION, denied.error());
        assertEquals("a denied attach leaves nothing", 0, managerOf(CLIENT_B).attachments().size());
    }

    @Test
    public void denyRuleUnderAllowDefaultKeepsOutOnlyTheBundleItNames() throws Exception {
        policy("allow", "deny " + CLIENT_B + " = Sim*");

        AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                () -> managerOf(CLIENT_B).attachByReader(SIM_READER, AttachOptions.direct()));
        assertMentions(denied, "rule 1 'deny " + CLIENT_B + " = Sim*'");
        managerOf(CLIENT_A).attachByReader(SIM_READER).close();
    }

    @Test
    public void firstMatchingRuleDecides() throws Exception {
        policy("allow", "allow " + CLIENT_A + " = *; deny org.cardmanage.itests.* = *");

        managerOf(CLIENT_A).attachByReader(SIM_READER).close();
        assertMentions(assertThrows(AccessDeniedException.class,
                () -> managerOf(CLIENT_B).attachByReader(SIM_READER)), "rule 2");
    }

    @Test
    public void aHandleHandedToADeniedBundleDoesNotLetItAttach() throws Exception {
        policy("allow", "deny " + CLIENT_B + " = *");
        CardHandle handle;
        try (Attachment ofA = managerOf(CLIENT_A).attachByReader(SIM_READER)) {
            handle = ofA.handle().orElseThrow();
        }

        assertMentions(assertThrows(AccessDeniedException.class, () -> managerOf(CLIENT_B).attachByHandle(handle)),
                CLIENT_B);
    }

    @Test
    public void reconnectIsCheckedAgainstThePolicyInForceNow() throws Exception {
        Attachment ofB = managerOf(CLIENT_B).attachByReader(SIM_READER);

        policy("allow", "deny " + CLIENT_B + " = " + SIM_READER);

        assertThrows(AccessDeniedException.class, () -> ofB.reconnect(ShareMode.SHARED, Disposition.LEAVE));
        assertEquals("an existing attachment lives on until it reconnects", Apdus.SW_OK,
                ofB.transmit(Apdus.SELECT_MF).sw());
        ofB.close();
    }

    @Test
    public void aPolicyThatCannotBeReadDeniesEveryAttach() throws Exception {
        policy("allow", "allow " + CLIENT_A + " Sim Reader 0");

        AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                () -> managerOf(CLIENT_A).attachByReader(SIM_READER));
        assertMentions(denied, "invalid");
        assertMentions(denied, "has no '='");
    }

    @Test
    public void thePolicyIsDocumentedInTheMetatype() {
        MetaTypeService metatype = service(MetaTypeService.class);
        ObjectClassDefinition definition = metatype.getMetaTypeInformation(installedBundle("org.cardmanage.core"))
                .getObjectClassDefinition(CORE_PID, null);

        AttributeDefinition[] attributes = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
        assertTrue(POLICY + " and " + DEFAULT + " are described: " + Arrays.toString(attributes),
                Arrays.stream(attributes).filter(a -> a.getID().equals(POLICY) || a.getID().equals(DEFAULT))
                        .allMatch(a -> !a.getDescription().isBlank())
                        && Arrays.stream(attributes).filter(a -> a.getID().startsWith("access.")).count() == 2);
    }
}
