// Upload a pain.001, wait for its pain.002 in the mailbox, fetch it, acknowledge it.
// JDK only (java.net.http.HttpClient), the client certificate in a PKCS#12 keystore.
//
// Usage: java Upload.java BASE_URL TRUSTSTORE.p12 KEYSTORE.p12 PASSWORD PAIN001_FILE
//   TRUSTSTORE.p12: the gateway's CA certificate (keytool -importcert -storetype PKCS12 ...)
//   KEYSTORE.p12:   the client certificate and key (activation's PKCS#12, or openssl pkcs12 -export)
// Prints the pain.002; exits non-zero on any failure.
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

public class Upload {
  static KeyStore load(String file, char[] password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: Upload BASE_URL TRUSTSTORE.p12 KEYSTORE.p12 PASSWORD PAIN001_FILE");
      System.exit(2);
    }
    String base = args[0];
    char[] password = args[3].toCharArray();
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(args[2], password), password);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load(args[1], password));
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(tls)
        .connectTimeout(Duration.ofSeconds(20)).build();

    // 1. Upload: the answer is the pain.002 already; the mailbox keeps a copy.
    byte[] body = Files.readAllBytes(Path.of(args[4]));
    String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))
        .substring(0, 32);
    HttpResponse<String> upload = client.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
            .header("Content-Type", "application/xml").header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    String messageId = upload.headers().firstValue("X-Message-Id").orElse("");
    System.err.println("upload: HTTP " + upload.statusCode() + ", message " + messageId);
    if (messageId.isEmpty()) System.exit(1);

    // 2. Poll the mailbox's pain.002s for the one about this message (a JSON library would
    // do this properly; patterns keep the example dependency-free). Pages hold up to 100
    // items; a full page names the next cursor (next_after). Polling goes on from the last
    // item seen, since new items get higher ids.
    Pattern item = Pattern.compile("\"about_message_id\":" + messageId + ",[^}]*?\"id\":(\\d+)");
    Pattern ids = Pattern.compile("\"id\":(\\d+)");
    String id = null;
    long after = 0;
    for (int attempt = 0; attempt < 60 && id == null; ++attempt) {
      HttpResponse<String> list = client.send(
          HttpRequest.newBuilder(URI.create(base + "/v1/mailbox?type=pain.002&after=" + after))
              .GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (list.statusCode() != 200) System.exit(1);
      Matcher m = item.matcher(list.body());
      if (m.find()) {
        id = m.group(1);
        break;
      }
      Matcher seen = ids.matcher(list.body());
      while (seen.find()) after = Math.max(after, Long.parseLong(seen.group(1)));
      if (!list.body().contains("\"next_after\"")) Thread.sleep(1000);
    }
    if (id == null) {
      System.err.println("no answer in the mailbox");
      System.exit(1);
    }

    // 3. Fetch and acknowledge.
    HttpResponse<String> pain002 = client.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/mailbox/" + id)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (pain002.statusCode() != 200) System.exit(1);
    System.out.print(pain002.body());
    HttpResponse<String> ack = client.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/mailbox/" + id + "/ack"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    System.err.println("acknowledged mailbox item " + id);
    System.exit(ack.statusCode() == 200 ? 0 : 1);
  }
}
