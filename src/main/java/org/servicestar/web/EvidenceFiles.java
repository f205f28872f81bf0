package org.servicestar.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Evidence files people upload (rectification evidence, veto evidence, 约谈 records): photos (JPEG,
 * PNG) and PDFs of at most 10 MB, recognised by their content, not their name, under a safe name, and
 * handed out again in one way for all of them.
 */
public final class EvidenceFiles {

  public static final long MAX_BYTES = 10L * 1024 * 1024;
  public static final int MAX_NAME = 200;

  private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

  private EvidenceFiles() {
  }

  /** What an evidence file is, by its content. */
  public enum Kind {
    JPEG("image/jpeg", List.of("jpg", "jpeg")),
    PNG("image/png", List.of("png")),
    PDF("application/pdf", List.of("pdf"));

    private final String contentType;
    private final List<String> extensions;

    Kind(String contentType, List<String> extensions) {
      this.contentType = contentType;
      this.extensions = extensions;
    }

    public String contentType() {
      return contentType;
    }

    public boolean image() {
      return this != PDF;
    }

    public static Optional<Kind> ofContentType(String contentType) {
      for (Kind kind : values()) {
        if (kind.contentType.equals(contentType)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  /** The kind of file by its first bytes (its "magic number"), or empty for anything else. */
  public static Optional<Kind> sniff(byte[] content) {
    if (startsWith(content, JPEG_MAGIC)) {
      return Optional.of(Kind.JPEG);
    }
    if (startsWith(content, PNG_MAGIC)) {
      return Optional.of(Kind.PNG);
    }
    if (startsWith(content, PDF_MAGIC)) {
      return Optional.of(Kind.PDF);
    }
    return Optional.empty();
  }

  /**
   * A safe file name: no folders, no control characters, at most 200 characters, with an extension
   * that fits the content (added when missing; a different known or unknown extension is refused).
   */
  public static String fileName(String original, Kind kind) {
    String name = original == null ? "" : original;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.codePoints().filter(c -> !Character.isISOControl(c)).collect(StringBuilder::new, StringBuilder::appendCodePoint,
        StringBuilder::append).toString().strip();
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    if (extension.isEmpty()) {
      name = (name.isEmpty() || name.equals(".") ? "证据" : name) + "." + kind.extensions.get(0);
    } else if (!kind.extensions.contains(extension)) {
      throw InvalidInputException.of("file", "文件内容是 " + kind.name() + "，与扩展名 ." + extension + " 不符");
    }
    if (name.length() > MAX_NAME) {
      String ext = name.substring(name.lastIndexOf('.'));
      name = name.substring(0, MAX_NAME - ext.length()) + ext;
    }
    return name;
  }

  private static boolean startsWith(byte[] content, byte[] magic) {
    if (content.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (content[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }


  /** An uploaded file that passed {@link #accept}: what it is and the name it is kept under. */
  public record Accepted(Kind kind, String name) {
  }

  /**
   * The checks every single-file upload makes, in this order, each refusal naming {@code field}: not
   * empty, at most {@link #MAX_BYTES}, a JPEG, PNG or PDF by content, a name that fits the content.
   */
  public static Accepted accept(String field, String originalName, byte[] content) {
    if (content == null || content.length == 0) {
      throw InvalidInputException.of(field, "请选择要上传的文件（文件不能为空）");
    }
    if (content.length > MAX_BYTES) {
      throw InvalidInputException.of(field, "文件超过 10 MB 的上限，请压缩或拆分后再上传");
    }
    Kind kind = sniff(content).orElseThrow(() ->
        InvalidInputException.of(field, "只能上传 JPEG、PNG 照片或 PDF 文件（按文件内容判断，不看扩展名）"));
    return new Accepted(kind, fileName(originalName, kind));
  }

  /** The content's SHA-256, hex: kept with each file, so a copy can be checked against what was uploaded. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A stored file as the answer to a download: photos shown in the page, PDFs as attachments, never
   * cached, never sniffed, and sandboxed, so an uploaded file cannot run anything in the app's origin.
   */
  public static ResponseEntity<byte[]> download(String fileName, String contentType, byte[] content) {
    boolean image = Kind.ofContentType(contentType).map(Kind::image).orElse(false);
    ContentDisposition disposition = (image ? ContentDisposition.inline() : ContentDisposition.attachment())
        .filename(fileName, StandardCharsets.UTF_8).build();
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(contentType))
        .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox")
        .body(content);
  }
}
