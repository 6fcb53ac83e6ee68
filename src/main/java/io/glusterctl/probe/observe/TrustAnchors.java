package io.glusterctl.probe.observe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A TLS context that trusts the certificates of one PEM file and nothing else. */
public final class TrustAnchors {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");
  private static final long MAX_PEM_BYTES = 1024 * 1024;

  private TrustAnchors() {}

  /** Every certificate in a PEM text, in order; text around and between them is ignored. */
  static List<X509Certificate> parsePem(String pem) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certs = new ArrayList<>();
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new CertificateException(
            "certificate " + (certs.size() + 1) + " is not valid base64");
      }
      certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
    }
    if (certs.isEmpty()) {
      throw new CertificateException("no PEM certificate in it");
    }
    return certs;
  }

  /**
   * An SSL context trusting exactly the certificates in {@code caFile}.
   *
   * @throws IOException when the file cannot be read or holds no certificate, with a message for
   *     people
   */
  public static SSLContext fromPemFile(Path caFile) throws IOException {
    try {
      if (Files.size(caFile) > MAX_PEM_BYTES) {
        throw new IOException("CA file " + caFile + " is larger than 1 MiB");
      }
      List<X509Certificate> certs =
          parsePem(new String(Files.readAllBytes(caFile), StandardCharsets.US_ASCII));
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        anchors.setCertificateEntry("ca-" + i, certs.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("no CA file at " + caFile);
    } catch (CertificateException e) {
      throw new IOException("CA file " + caFile + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IOException("CA file " + caFile + ": " + e);
    }
  }
}
