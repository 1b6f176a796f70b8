package vn.phieukin.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The direction of dependencies between our layers (STYLE.md): the procedure rules are pure
 * Java, and what an auditor runs (record, verifier) never needs the server or the database.
 */
@AnalyzeClasses(packages = "vn.phieukin", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerRulesTest {

    @ArchTest
    static final ArchRule procedureIsPureJava = noClasses()
            .that().resideInAPackage("vn.phieukin.procedure..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "vn.phieukin.ballot..", "vn.phieukin.record..", "vn.phieukin.store..",
                    "vn.phieukin.server..", "vn.phieukin.cli..",
                    "io.vertx..", "io.netty..", "java.sql..", "javax.sql..", "org.sqlite..",
                    "com.fasterxml.jackson..", "org.bouncycastle..")
            .because("the rules of PROCEDURE.md live in one pure place shared by server, record and verifier");

    @ArchTest
    static final ArchRule recordAndVerifierNeverTouchServerOrStore = noClasses()
            .that().resideInAPackage("vn.phieukin.record..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "vn.phieukin.server..", "vn.phieukin.store..", "vn.phieukin.cli..",
                    "io.vertx..", "io.netty..", "java.sql..", "javax.sql..", "org.sqlite..",
                    "java.net.http..")
            .because("an auditor verifies a sealed record offline, with no server, database or network");

    @ArchTest
    static final ArchRule ballotCryptoNeverTouchesServerOrStore = noClasses()
            .that().resideInAPackage("vn.phieukin.ballot..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "vn.phieukin.server..", "vn.phieukin.store..", "vn.phieukin.record..",
                    "vn.phieukin.cli..", "io.vertx..", "java.sql..", "org.sqlite..")
            .because("the verifier uses the ballot crypto, so it must stand alone too");

    @ArchTest
    static final ArchRule committeeCryptoStandsAlone = noClasses()
            .that().resideInAPackage("vn.phieukin.committee..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "vn.phieukin.server..", "vn.phieukin.store..", "vn.phieukin.record..",
                    "vn.phieukin.cli..", "vn.phieukin.procedure..", "io.vertx..", "io.netty..",
                    "java.sql..", "javax.sql..", "org.sqlite..", "java.net.http..")
            .because("the verifier and the committee's own checks use the v2 crypto, so it must stand alone too");
}
