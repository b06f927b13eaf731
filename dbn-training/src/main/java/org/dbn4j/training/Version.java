package org.dbn4j.training;

/** The library's version, from the jar manifest when there is one. */
final class Version {

    private Version() {
    }

    /** The version, or "development" when running from classes. */
    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
