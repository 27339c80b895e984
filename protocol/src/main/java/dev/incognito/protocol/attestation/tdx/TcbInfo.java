package dev.incognito.protocol.attestation.tdx;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intel's TDX TCB info for one FMSPC (PCS API v4 {@code GET /tdx/certification/v4/tcb}, tcbInfo
 * version 3), with its signature over the exact served bytes of the {@code "tcbInfo"} object.
 */
public final class TcbInfo {

  /** Most TCB levels (and module identities, and levels per module) accepted. */
  public static final int MAX_TCB_LEVELS = 256;

  /** Result of the TCB level search for one quote. */
  public record Evaluation(
      TcbStatus platformStatus,
      Optional<String> moduleId,
      Optional<TcbStatus> moduleStatus,
      TcbStatus status,
      Optional<String> tcbDate,
      List<String> advisoryIds) {}

  private record Level(
      int[] sgx, int pceSvn, int[] tdx, TcbStatus status, String date, List<String> advisories) {}

  private record ModuleLevel(int isvSvn, TcbStatus status, String date, List<String> advisories) {}

  private record Module(
      String id, byte[] mrSigner, byte[] attributes, byte[] mask, List<ModuleLevel> levels) {}

  private final SignedJson signed;
  private final String fmspc;
  private final String pceId;
  private final Instant issueDate;
  private final Instant nextUpdate;
  private final Module tdxModule;
  private final List<Module> moduleIdentities;
  private final List<Level> levels;

  private TcbInfo(
      SignedJson signed,
      String fmspc,
      String pceId,
      Instant issueDate,
      Instant nextUpdate,
      Module tdxModule,
      List<Module> moduleIdentities,
      List<Level> levels) {
    this.signed = signed;
    this.fmspc = fmspc;
    this.pceId = pceId;
    this.issueDate = issueDate;
    this.nextUpdate = nextUpdate;
    this.tdxModule = tdxModule;
    this.moduleIdentities = moduleIdentities;
    this.levels = levels;
  }

  /** Parses a served TCB info body. Its signature is checked by {@link #signatureVerifies}. */
  public static TcbInfo parse(byte[] served) throws TdxVerificationException {
    String w = "tcbInfo";
    SignedJson s = SignedJson.parse(served, "tcbInfo", w);
    JsonObject o = s.body;
    if (!"TDX".equals(Json.string(o, "id", w))) {
      throw new TdxVerificationException("tcbInfo id is not TDX");
    }
    if (Json.integer(o, "version", w) != 3) {
      throw new TdxVerificationException("tcbInfo version is not 3");
    }
    String fmspc = java.util.HexFormat.of().formatHex(Json.hex(o, "fmspc", 6, w));
    String pceId = java.util.HexFormat.of().formatHex(Json.hex(o, "pceId", 2, w));
    Module tdxModule = null;
    if (o.containsKey("tdxModule")) {
      tdxModule = module(Json.object(o.get("tdxModule"), "tdxModule"), "", false);
    }
    List<Module> identities = new ArrayList<>();
    if (o.containsKey("tdxModuleIdentities")) {
      for (JsonValue v : Json.array(o, "tdxModuleIdentities", MAX_TCB_LEVELS, w)) {
        JsonObject m = Json.object(v, "tdxModuleIdentities item");
        identities.add(module(m, Json.string(m, "id", "tdxModuleIdentity"), true));
      }
    }
    List<Level> levels = new ArrayList<>();
    for (JsonValue v : Json.array(o, "tcbLevels", MAX_TCB_LEVELS, w)) {
      JsonObject l = Json.object(v, "tcbLevel");
      JsonObject tcb = Json.object(l.get("tcb"), "tcbLevel tcb");
      levels.add(
          new Level(
              svns(tcb, "sgxtcbcomponents"),
              Json.integer(tcb, "pcesvn", "tcbLevel"),
              svns(tcb, "tdxtcbcomponents"),
              TcbStatus.fromJson(Json.string(l, "tcbStatus", "tcbLevel")),
              Json.string(l, "tcbDate", "tcbLevel"),
              advisories(l)));
    }
    return new TcbInfo(
        s,
        fmspc,
        pceId,
        Json.instant(o, "issueDate", w),
        Json.instant(o, "nextUpdate", w),
        tdxModule,
        List.copyOf(identities),
        List.copyOf(levels));
  }

  private static Module module(JsonObject m, String id, boolean withLevels)
      throws TdxVerificationException {
    String w = "tdxModule";
    List<ModuleLevel> levels = new ArrayList<>();
    if (withLevels) {
      for (JsonValue v : Json.array(m, "tcbLevels", MAX_TCB_LEVELS, w)) {
        JsonObject l = Json.object(v, "module tcbLevel");
        JsonObject tcb = Json.object(l.get("tcb"), "module tcbLevel tcb");
        levels.add(
            new ModuleLevel(
                Json.integer(tcb, "isvsvn", w),
                TcbStatus.fromJson(Json.string(l, "tcbStatus", w)),
                Json.string(l, "tcbDate", w),
                advisories(l)));
      }
    }
    return new Module(
        id,
        Json.hex(m, "mrsigner", 48, w),
        Json.hex(m, "attributes", 8, w),
        Json.hex(m, "attributesMask", 8, w),
        List.copyOf(levels));
  }

  private static int[] svns(JsonObject tcb, String name) throws TdxVerificationException {
    JsonArray a = Json.array(tcb, name, 16, "tcbLevel");
    if (a.size() != 16) {
      throw new TdxVerificationException("tcbLevel \"" + name + "\" does not have 16 items");
    }
    int[] out = new int[16];
    for (int i = 0; i < 16; i++) {
      out[i] = Json.integer(Json.object(a.get(i), name), "svn", name);
    }
    return out;
  }

  private static List<String> advisories(JsonObject l) {
    List<String> out = new ArrayList<>();
    if (l.get("advisoryIDs") instanceof JsonArray a) {
      for (JsonValue v : a) {
        if (v instanceof JsonString s && out.size() < MAX_TCB_LEVELS) {
          out.add(s.getString());
        }
      }
    }
    return List.copyOf(out);
  }

  /** Whether the ECDSA P-256 signature over the served {@code tcbInfo} bytes verifies. */
  public boolean signatureVerifies(PublicKey tcbSigningKey) {
    return signed.verifiedBy(tcbSigningKey);
  }

  /** FMSPC, lower-case hex. */
  public String fmspc() {
    return fmspc;
  }

  /** PCE-ID, lower-case hex. */
  public String pceId() {
    return pceId;
  }

  public Instant issueDate() {
    return issueDate;
  }

  public Instant nextUpdate() {
    return nextUpdate;
  }

  /**
   * The TCB level search for a quote (Intel TDX DCAP QVL; the {@code sample_tcbInfo_response}
   * README of go-tdx-guest states it step by step): the first level whose SGX components and PCESVN
   * are at most the PCK's and whose TDX components are at most the quote's TEE_TCB_SVN. When module
   * identities are present and TEE_TCB_SVN[1] &gt; 0, the TDX components are compared from index 2
   * and the TDX module's own level is looked up in identity {@code TDX_%02X} (TEE_TCB_SVN[1]) with
   * ISVSVN = TEE_TCB_SVN[0]; otherwise the selected level's TDX component 1 must equal
   * TEE_TCB_SVN[1]. No matching level gives {@link TcbStatus#NOT_SUPPORTED}.
   *
   * @throws TdxVerificationException when MRSIGNERSEAM or SEAMATTRIBUTES do not match the module
   *     identity
   */
  public Evaluation evaluate(PckExtensions pck, TdxQuote quote) throws TdxVerificationException {
    byte[] tee = quote.teeTcbSvn();
    int[] teeSvn = new int[16];
    for (int i = 0; i < 16; i++) {
      teeSvn[i] = tee[i] & 0xff;
    }
    boolean useModules = !moduleIdentities.isEmpty() && teeSvn[1] > 0;
    int from = useModules ? 2 : 0;

    Optional<String> moduleId = Optional.empty();
    Optional<TcbStatus> moduleStatus = Optional.empty();
    if (useModules) {
      String id = String.format("TDX_%02X", teeSvn[1]);
      Module m =
          moduleIdentities.stream()
              .filter(x -> x.id.equals(id))
              .findFirst()
              .orElseThrow(
                  () -> new TdxVerificationException("tcbInfo has no module identity " + id));
      checkModule(m, quote);
      moduleId = Optional.of(id);
      TcbStatus ms = TcbStatus.NOT_SUPPORTED;
      for (ModuleLevel l : m.levels) {
        if (l.isvSvn <= teeSvn[0]) {
          ms = l.status;
          break;
        }
      }
      moduleStatus = Optional.of(ms);
    } else if (tdxModule != null) {
      checkModule(tdxModule, quote);
    }

    int[] pckSvn = pck.tcbComponents();
    for (Level l : levels) {
      boolean ok = pck.pceSvn() >= l.pceSvn;
      for (int i = 0; ok && i < 16; i++) {
        ok = pckSvn[i] >= l.sgx[i];
      }
      for (int i = from; ok && i < 16; i++) {
        ok = teeSvn[i] >= l.tdx[i];
      }
      if (ok && !useModules && l.tdx[1] != teeSvn[1]) {
        // step 4 of the search: without module identities, the selected level's TDX component 1
        // must equal TEE_TCB_SVN[1], or this TCB info does not cover the platform's configuration
        break;
      }
      if (ok) {
        TcbStatus overall = moduleStatus.map(l.status::worse).orElse(l.status);
        return new Evaluation(
            l.status, moduleId, moduleStatus, overall, Optional.of(l.date), l.advisories);
      }
    }
    return new Evaluation(
        TcbStatus.NOT_SUPPORTED,
        moduleId,
        moduleStatus,
        TcbStatus.NOT_SUPPORTED,
        Optional.empty(),
        List.of());
  }

  private static void checkModule(Module m, TdxQuote quote) throws TdxVerificationException {
    String name = m.id.isEmpty() ? "tdxModule" : m.id;
    if (!MessageDigest.isEqual(m.mrSigner, quote.mrSignerSeam())) {
      throw new TdxVerificationException("MRSIGNERSEAM does not match " + name);
    }
    byte[] attrs = quote.seamAttributes();
    for (int i = 0; i < 8; i++) {
      if ((attrs[i] & m.mask[i]) != m.attributes[i]) {
        throw new TdxVerificationException("SEAMATTRIBUTES do not match " + name);
      }
    }
  }
}
