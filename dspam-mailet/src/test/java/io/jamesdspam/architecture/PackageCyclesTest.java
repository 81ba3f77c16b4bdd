package io.jamesdspam.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.autolearn.AutolearnPolicy;
import io.jamesdspam.client.DlmtpClient;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.mailet.Dspam;

/**
 * Fails the build when a cycle between two packages comes back, over the main classes of every
 * plugin module (dspam-mailet sees them all: api, client, engine, matcher and its own). A cycle
 * means neither package can be read, changed or moved without the other.
 */
class PackageCyclesTest {

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jamesdspam");
    }

    @Test
    void everyPluginModuleIsScanned() {
        assertThat(mainClasses.contain(DspamBackend.class)).as("dspam-api").isTrue();
        assertThat(mainClasses.contain(DlmtpClient.class)).as("dspam-client").isTrue();
        assertThat(mainClasses.contain(EmbeddedDspam.class)).as("dspam-engine").isTrue();
        assertThat(mainClasses.contain(AutolearnPolicy.class)).as("dspam-matcher").isTrue();
        assertThat(mainClasses.contain(Dspam.class)).as("dspam-mailet").isTrue();
        assertThat(mainClasses.contain(PackageCyclesTest.class)).as("test classes are left out").isFalse();
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("io.jamesdspam.(**)").should().beFreeOfCycles().check(mainClasses);
    }
}
