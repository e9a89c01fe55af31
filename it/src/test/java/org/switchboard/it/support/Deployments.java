package org.switchboard.it.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The archives the tests deploy: the real switchboard.ear the build produced. */
public final class Deployments {

  private Deployments() {}

  public static EnterpriseArchive switchboardEar() {
    File ear = new File(System.getProperty("switchboard.it.ear", "../ear/target/switchboard.ear"));
    if (!ear.isFile()) {
      throw new IllegalStateException(
          "Build the EAR first: " + ear.getAbsolutePath() + " is missing");
    }
    return ShrinkWrap.create(ZipImporter.class, "switchboard.ear")
        .importFrom(ear)
        .as(EnterpriseArchive.class);
  }
}
