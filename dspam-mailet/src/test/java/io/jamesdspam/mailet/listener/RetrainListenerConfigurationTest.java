package io.jamesdspam.mailet.listener;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.junit.jupiter.api.Test;

/** The training mailboxes have one source: a list in listeners.xml stops James and says where it goes. */
class RetrainListenerConfigurationTest {
    @Test
    void aSpamMailboxListInListenersXmlIsRefusedPointingToDspamProperties() {
        BaseHierarchicalConfiguration listener = new BaseHierarchicalConfiguration();
        listener.addProperty("spamMailboxes", "Pourriel,Junk");

        assertThatThrownBy(() -> DspamRetrainListener.refuseMailboxLists(listener))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("<spamMailboxes>")
            .hasMessageContaining("move it to dspam.properties as spamMailboxes=Pourriel,Junk");
    }

    @Test
    void aTrashMailboxListInListenersXmlIsRefusedToo() {
        BaseHierarchicalConfiguration listener = new BaseHierarchicalConfiguration();
        listener.addProperty("trashMailboxes", "Bin");

        assertThatThrownBy(() -> DspamRetrainListener.refuseMailboxLists(listener))
            .hasMessageContaining("<trashMailboxes>").hasMessageContaining("dspam.properties");
    }

    @Test
    void aListenerElementWithoutListsIsFine() {
        assertThatCode(() -> DspamRetrainListener.refuseMailboxLists(new BaseHierarchicalConfiguration()))
            .doesNotThrowAnyException();
    }
}
