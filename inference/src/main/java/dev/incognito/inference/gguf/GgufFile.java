package dev.incognito.inference.gguf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A GGUF file (versions 2 and 3), as specified in ggml's {@code docs/gguf.md}: a header of metadata
 * key/value pairs and tensor infos, then the tensor data, aligned to {@code general.alignment}
 * (default {@value #DEFAULT_ALIGNMENT}).
 *
 * <p>The header is parsed eagerly; every count, length and offset read from the file is checked
 * against the named caps below and the file size before anything is allocated, so a truncated or
 * hostile file yields {@link GgufFormatException}, never an out-of-memory error or a hang. Tensor
 * data is memory-mapped read-only in windows of at most {@value #MAX_WINDOW_BYTES} bytes; each
 * tensor that fits in a window lies within one mapping.
 *
 * <h2>Metadata value types</h2>
 *
 * {@link #metadata()} maps each key to a Java value:
 *
 * <ul>
 *   <li>every scalar integer type (uint8 … int64) → {@link Long} (unsigned values zero-extended; a
 *       uint64 above {@link Long#MAX_VALUE} keeps its two's-complement bits);
 *   <li>float32 → {@link Float}; float64 → {@link Double}; bool → {@link Boolean}; string → {@link
 *       String};
 *   <li>arrays of uint8, int8, uint16, int16, int32 → {@code int[]}; of uint32, uint64, int64 →
 *       {@code long[]} (so no value changes sign); of float32 → {@code float[]}; of float64 →
 *       {@code double[]}; of bool → {@code boolean[]}; of string → {@code String[]}; of arrays →
 *       {@code List<Object>} of the above.
 * </ul>
 *
 * The arrays in the map are shared, not copied: do not modify them. The typed getters return
 * copies. The original on-disk type of each key is available from {@link #valueType(String)}.
 *
 * <p>Mappings are released by the garbage collector once no buffer from this file is reachable;
 * {@link #close()} closes the file channel only.
 */
public final class GgufFile implements Closeable {

  /** "GGUF" read as a little-endian uint32. */
  public static final int MAGIC = 0x46554747;

  public static final int DEFAULT_ALIGNMENT = 32;

  /** Largest {@code general.alignment} accepted (bytes). */
  public static final int MAX_ALIGNMENT = 1 << 16;

  /** Most metadata key/value pairs. */
  public static final long MAX_KV_COUNT = 1 << 16;

  /** Most tensors. */
  public static final long MAX_TENSOR_COUNT = 1 << 20;

  /** Longest metadata key (bytes; the GGUF spec's limit). */
  public static final int MAX_KEY_BYTES = 65_535;

  /** Longest tensor name (bytes). */
  public static final int MAX_TENSOR_NAME_BYTES = 256;

  /** Longest string value (bytes); chat templates are the long ones. */
  public static final int MAX_STRING_BYTES = 16 << 20;

  /** Most elements in one metadata array (vocabularies and merge lists are the long ones). */
  public static final long MAX_ARRAY_LENGTH = 1 << 24;

  /** Deepest nesting of metadata arrays. */
  public static final int MAX_ARRAY_DEPTH = 2;

  /** Most tensor dimensions (ggml's {@code GGML_MAX_DIMS}). */
  public static final int MAX_DIMS = 4;

  /** Largest memory-mapping window (bytes). */
  public static final long MAX_WINDOW_BYTES = 1L << 30;

  private final Path path;
  private final int version;
  private final FileChannel channel;
  private final Map<String, Object> metadata;
  private final Map<String, GgufValueType> valueTypes;
  private final List<TensorInfo> tensors;
  private final Map<String, TensorData> tensorData;
  private final long dataOffset;
  private final int alignment;

  private GgufFile(
      Path path,
      int version,
      FileChannel channel,
      Map<String, Object> metadata,
      Map<String, GgufValueType> valueTypes,
      List<TensorInfo> tensors,
      Map<String, TensorData> tensorData,
      long dataOffset,
      int alignment) {
    this.path = path;
    this.version = version;
    this.channel = channel;
    this.metadata = metadata;
    this.valueTypes = valueTypes;
    this.tensors = tensors;
    this.tensorData = tensorData;
    this.dataOffset = dataOffset;
    this.alignment = alignment;
  }

  /**
   * Opens and parses a GGUF file and maps its tensor data.
   *
   * @throws GgufFormatException if the file cannot be read or is not a valid GGUF v2/v3 file; the
   *     message names the file and the problem
   */
  public static GgufFile open(Path path) throws GgufFormatException {
    String name = path.toString();
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new GgufFormatException(name + ": cannot open: " + e, e);
    }
    try {
      GgufFile f = parse(path, name, ch);
      return f;
    } catch (GgufFormatException | RuntimeException e) {
      closeQuietly(ch, e);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel ch, Exception e) {
    try {
      ch.close();
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  private static GgufFormatException fail(String file, String problem) {
    return new GgufFormatException(file + ": " + problem);
  }

  private static GgufFile parse(Path path, String file, FileChannel ch) throws GgufFormatException {
    long size;
    try {
      size = ch.size();
    } catch (IOException e) {
      throw new GgufFormatException(file + ": cannot read size: " + e, e);
    }
    GgufCursor in = new GgufCursor(ch, size, file);
    int magic = in.i32("magic");
    if (magic != MAGIC) {
      throw fail(file, "not a GGUF file (bad magic)");
    }
    int version = in.i32("version");
    if (version != 2 && version != 3) {
      String hint =
          Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3
              ? " (big-endian GGUF is not supported)"
              : "";
      throw fail(file, "unsupported GGUF version " + Integer.toUnsignedString(version) + hint);
    }
    long tensorCount = in.i64("tensor count");
    long kvCount = in.i64("metadata count");
    // A tensor info takes at least 8 + 4 + 8 + 4 + 8 bytes, a key/value at least 8 + 4 + 1.
    if (tensorCount < 0 || tensorCount > MAX_TENSOR_COUNT || tensorCount > in.remaining() / 32) {
      throw fail(file, "tensor count " + Long.toUnsignedString(tensorCount) + " out of range");
    }
    if (kvCount < 0 || kvCount > MAX_KV_COUNT || kvCount > in.remaining() / 13) {
      throw fail(file, "metadata count " + Long.toUnsignedString(kvCount) + " out of range");
    }

    Map<String, Object> metadata = new LinkedHashMap<>();
    Map<String, GgufValueType> types = new HashMap<>();
    for (long i = 0; i < kvCount; i++) {
      String key = readString(in, file, MAX_KEY_BYTES, "metadata key");
      int typeId = in.i32("type of " + key);
      GgufValueType type = GgufValueType.fromId(typeId);
      if (type == null) {
        throw fail(
            file,
            "metadata key " + key + " has unknown value type " + Integer.toUnsignedString(typeId));
      }
      if (metadata.containsKey(key)) {
        throw fail(file, "duplicate metadata key " + key);
      }
      metadata.put(key, readValue(in, file, key, type, 1));
      types.put(key, type);
    }

    int alignment = DEFAULT_ALIGNMENT;
    Object align = metadata.get("general.alignment");
    if (align != null) {
      if (!(align instanceof Long a) || a <= 0 || a > MAX_ALIGNMENT || Long.bitCount(a) != 1) {
        throw fail(file, "general.alignment must be a power of two up to " + MAX_ALIGNMENT);
      }
      alignment = (int) (long) (Long) align;
    }

    List<TensorInfo> raw = new ArrayList<>((int) tensorCount);
    long[] relOffsets = new long[(int) tensorCount];
    Map<String, Integer> seen = new HashMap<>();
    for (int t = 0; t < tensorCount; t++) {
      String name = readString(in, file, MAX_TENSOR_NAME_BYTES, "tensor name");
      int nDims = in.i32("dimensions of tensor " + name);
      if (nDims < 1 || nDims > MAX_DIMS) {
        throw fail(file, "tensor " + name + " has " + Integer.toUnsignedString(nDims) + " dims");
      }
      long[] dims = new long[nDims];
      long elements = 1;
      for (int d = 0; d < nDims; d++) {
        dims[d] = in.i64("shape of tensor " + name);
        if (dims[d] <= 0) {
          throw fail(file, "tensor " + name + " has dimension " + Long.toUnsignedString(dims[d]));
        }
        try {
          elements = Math.multiplyExact(elements, dims[d]);
        } catch (ArithmeticException e) {
          throw fail(file, "tensor " + name + " element count overflows");
        }
      }
      GgmlType type;
      try {
        type = GgmlType.fromId(in.i32("type of tensor " + name));
      } catch (GgufFormatException e) {
        throw fail(file, "tensor " + name + ": " + e.getMessage());
      }
      if (dims[0] % type.blockSize() != 0) {
        throw fail(
            file, "tensor " + name + " row of " + dims[0] + " is not whole " + type + " blocks");
      }
      long bytes;
      try {
        bytes = type.byteSize(elements);
      } catch (ArithmeticException e) {
        throw fail(file, "tensor " + name + " byte size overflows");
      }
      long rel = in.i64("offset of tensor " + name);
      if (rel < 0 || rel % alignment != 0) {
        throw fail(file, "tensor " + name + " offset " + Long.toUnsignedString(rel) + " invalid");
      }
      if (seen.put(name, t) != null) {
        throw fail(file, "duplicate tensor " + name);
      }
      relOffsets[t] = rel;
      raw.add(new TensorInfo(name, type, dims, 0, bytes));
    }

    long dataOffset = alignUp(in.position(), alignment);
    if (dataOffset > size && tensorCount > 0) {
      throw fail(file, "truncated before tensor data");
    }
    List<TensorInfo> tensors = new ArrayList<>(raw.size());
    for (int t = 0; t < raw.size(); t++) {
      TensorInfo r = raw.get(t);
      long abs = dataOffset + relOffsets[t];
      if (relOffsets[t] > size || abs > size || r.byteSize() > size - abs) {
        throw fail(file, "tensor " + r.name() + " data lies beyond the end of the file");
      }
      tensors.add(new TensorInfo(r.name(), r.type(), r.dims(), abs, r.byteSize()));
    }
    List<TensorInfo> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(TensorInfo::offset));
    for (int i = 1; i < byOffset.size(); i++) {
      TensorInfo prev = byOffset.get(i - 1);
      if (prev.offset() + prev.byteSize() > byOffset.get(i).offset()) {
        throw fail(file, "tensors " + prev.name() + " and " + byOffset.get(i).name() + " overlap");
      }
    }
    Map<String, TensorData> data = map(ch, file, byOffset);
    return new GgufFile(
        path,
        version,
        ch,
        Collections.unmodifiableMap(metadata),
        types,
        Collections.unmodifiableList(tensors),
        data,
        dataOffset,
        alignment);
  }

  /** Groups tensors (sorted by offset) into windows of at most MAX_WINDOW_BYTES and maps them. */
  private static Map<String, TensorData> map(FileChannel ch, String file, List<TensorInfo> sorted)
      throws GgufFormatException {
    Map<String, TensorData> out = new HashMap<>();
    try {
      int i = 0;
      while (i < sorted.size()) {
        TensorInfo first = sorted.get(i);
        if (first.byteSize() > MAX_WINDOW_BYTES) {
          out.put(first.name(), mapLarge(ch, file, first));
          i++;
          continue;
        }
        long start = first.offset();
        long end = start + first.byteSize();
        int j = i + 1;
        while (j < sorted.size()
            && sorted.get(j).byteSize() <= MAX_WINDOW_BYTES
            && sorted.get(j).offset() + sorted.get(j).byteSize() - start <= MAX_WINDOW_BYTES) {
          end = sorted.get(j).offset() + sorted.get(j).byteSize();
          j++;
        }
        ByteBuffer window =
            ch.map(FileChannel.MapMode.READ_ONLY, start, end - start)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int k = i; k < j; k++) {
          TensorInfo t = sorted.get(k);
          ByteBuffer slice =
              window.slice((int) (t.offset() - start), (int) t.byteSize()).asReadOnlyBuffer();
          out.put(t.name(), new TensorData(t, new ByteBuffer[] {slice}, t.rows()));
        }
        i = j;
      }
    } catch (IOException e) {
      throw new GgufFormatException(file + ": cannot map tensor data: " + e, e);
    }
    return out;
  }

  private static TensorData mapLarge(FileChannel ch, String file, TensorInfo t)
      throws IOException, GgufFormatException {
    long rowBytes = t.rowBytes();
    if (rowBytes > MAX_WINDOW_BYTES) {
      throw fail(file, "tensor " + t.name() + " has a row of " + rowBytes + " bytes; too large");
    }
    long rowsPer = MAX_WINDOW_BYTES / rowBytes;
    long rows = t.rows();
    int n = (int) ((rows + rowsPer - 1) / rowsPer);
    ByteBuffer[] segs = new ByteBuffer[n];
    for (int s = 0; s < n; s++) {
      long r0 = s * rowsPer;
      long len = Math.min(rowsPer, rows - r0) * rowBytes;
      segs[s] =
          ch.map(FileChannel.MapMode.READ_ONLY, t.offset() + r0 * rowBytes, len).asReadOnlyBuffer();
    }
    return new TensorData(t, segs, rowsPer);
  }

  private static long alignUp(long x, int alignment) {
    return (x + alignment - 1) / alignment * alignment;
  }

  private static String readString(GgufCursor in, String file, int max, String what)
      throws GgufFormatException {
    long len = in.i64(what);
    if (len < 0 || len > max) {
      throw fail(file, what + " length " + Long.toUnsignedString(len) + " exceeds " + max);
    }
    if (len > in.remaining()) {
      throw fail(file, "truncated at byte " + in.position() + " in " + what);
    }
    byte[] b = in.bytes((int) len, what);
    boolean ascii = true;
    for (byte x : b) {
      if (x < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(b, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw fail(file, what + " at byte " + in.position() + " is not valid UTF-8");
    }
  }

  private static Object readValue(
      GgufCursor in, String file, String key, GgufValueType type, int depth)
      throws GgufFormatException {
    String what = "value of " + key;
    return switch (type) {
      case UINT8 -> (long) in.u8(what);
      case INT8 -> (long) (byte) in.u8(what);
      case UINT16 -> (long) in.u16(what);
      case INT16 -> (long) (short) in.u16(what);
      case UINT32 -> Integer.toUnsignedLong(in.i32(what));
      case INT32 -> (long) in.i32(what);
      case UINT64, INT64 -> in.i64(what);
      case FLOAT32 -> Float.intBitsToFloat(in.i32(what));
      case FLOAT64 -> Double.longBitsToDouble(in.i64(what));
      case BOOL -> readBool(in, file, key, what);
      case STRING -> readString(in, file, MAX_STRING_BYTES, what);
      case ARRAY -> readArray(in, file, key, depth);
    };
  }

  private static boolean readBool(GgufCursor in, String file, String key, String what)
      throws GgufFormatException {
    int b = in.u8(what);
    if (b > 1) {
      throw fail(file, "metadata key " + key + " has bool value " + b);
    }
    return b == 1;
  }

  private static Object readArray(GgufCursor in, String file, String key, int depth)
      throws GgufFormatException {
    if (depth > MAX_ARRAY_DEPTH) {
      throw fail(file, "metadata key " + key + " nests arrays deeper than " + MAX_ARRAY_DEPTH);
    }
    int typeId = in.i32("array type of " + key);
    GgufValueType et = GgufValueType.fromId(typeId);
    if (et == null) {
      throw fail(
          file,
          "metadata key " + key + " has unknown array type " + Integer.toUnsignedString(typeId));
    }
    long count = in.i64("array length of " + key);
    if (count < 0 || count > MAX_ARRAY_LENGTH || count > in.remaining() / et.minBytes()) {
      throw fail(
          file,
          "metadata key "
              + key
              + " array length "
              + Long.toUnsignedString(count)
              + " out of range");
    }
    int n = (int) count;
    String what = "array " + key;
    switch (et) {
      case UINT8, INT8, UINT16, INT16, INT32 -> {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
          a[i] =
              switch (et) {
                case UINT8 -> in.u8(what);
                case INT8 -> (byte) in.u8(what);
                case UINT16 -> in.u16(what);
                case INT16 -> (short) in.u16(what);
                default -> in.i32(what);
              };
        }
        return a;
      }
      case UINT32, UINT64, INT64 -> {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
          a[i] = et == GgufValueType.UINT32 ? Integer.toUnsignedLong(in.i32(what)) : in.i64(what);
        }
        return a;
      }
      case FLOAT32 -> {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
          a[i] = Float.intBitsToFloat(in.i32(what));
        }
        return a;
      }
      case FLOAT64 -> {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = Double.longBitsToDouble(in.i64(what));
        }
        return a;
      }
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = readBool(in, file, key, what);
        }
        return a;
      }
      case STRING -> {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
          a[i] = readString(in, file, MAX_STRING_BYTES, what);
        }
        return a;
      }
      case ARRAY -> {
        List<Object> a = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          a.add(readArray(in, file, key, depth + 1));
        }
        return Collections.unmodifiableList(a);
      }
      default -> throw new AssertionError(et);
    }
  }

  /** The file this was read from. */
  public Path path() {
    return path;
  }

  /** The GGUF version: 2 or 3. */
  public int version() {
    return version;
  }

  /** Alignment of the tensor data (bytes). */
  public int alignment() {
    return alignment;
  }

  /** Absolute offset of the tensor data section (bytes). */
  public long dataOffset() {
    return dataOffset;
  }

  /** All metadata in file order, with the Java types listed in the class javadoc. */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** The on-disk type of a metadata key, if present. */
  public Optional<GgufValueType> valueType(String key) {
    return Optional.ofNullable(valueTypes.get(key));
  }

  /** Whether the metadata has this key. */
  public boolean has(String key) {
    return metadata.containsKey(key);
  }

  /** The tensors in file order. */
  public List<TensorInfo> tensors() {
    return tensors;
  }

  /** The tensor with this name. */
  public Optional<TensorInfo> tensor(String name) {
    TensorData d = tensorData.get(name);
    return d == null ? Optional.empty() : Optional.of(d.info());
  }

  /**
   * The data of the tensor with this name.
   *
   * @throws GgufFormatException if there is no such tensor
   */
  public TensorData tensorData(String name) throws GgufFormatException {
    TensorData d = tensorData.get(name);
    if (d == null) {
      throw fail(path.toString(), "missing tensor " + name);
    }
    return d;
  }

  // ---- typed metadata getters: absent → empty / "missing metadata key"; wrong type → error ----

  private GgufFormatException wrongType(String key, String expected) {
    return fail(
        path.toString(),
        "metadata key " + key + " has type " + valueTypes.get(key) + ", expected " + expected);
  }

  private GgufFormatException missing(String key) {
    return fail(path.toString(), "missing metadata key " + key);
  }

  /** A string value. */
  public Optional<String> getString(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String s) {
      return Optional.of(s);
    }
    throw wrongType(key, "string");
  }

  public String requireString(String key) throws GgufFormatException {
    return getString(key).orElseThrow(() -> missing(key));
  }

  /** An integer value of any width. */
  public OptionalLong getLong(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (v instanceof Long l) {
      return OptionalLong.of(l);
    }
    throw wrongType(key, "integer");
  }

  public long requireLong(String key) throws GgufFormatException {
    return getLong(key).orElseThrow(() -> missing(key));
  }

  /** An integer value that fits a Java {@code int}. */
  public OptionalInt getInt(String key) throws GgufFormatException {
    OptionalLong v = getLong(key);
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    long l = v.getAsLong();
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw fail(path.toString(), "metadata key " + key + " value " + l + " exceeds int range");
    }
    return OptionalInt.of((int) l);
  }

  public int requireInt(String key) throws GgufFormatException {
    return getInt(key).orElseThrow(() -> missing(key));
  }

  /** A float32 or float64 value, as float. */
  public Optional<Float> getFloat(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Float f) {
      return Optional.of(f);
    }
    if (v instanceof Double d) {
      return Optional.of(d.floatValue());
    }
    throw wrongType(key, "float");
  }

  public float requireFloat(String key) throws GgufFormatException {
    return getFloat(key).orElseThrow(() -> missing(key));
  }

  /** A float32 or float64 value, as double. */
  public OptionalDouble getDouble(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return OptionalDouble.empty();
    }
    if (v instanceof Float f) {
      return OptionalDouble.of(f);
    }
    if (v instanceof Double d) {
      return OptionalDouble.of(d);
    }
    throw wrongType(key, "float");
  }

  /** A bool value. */
  public Optional<Boolean> getBoolean(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Boolean b) {
      return Optional.of(b);
    }
    throw wrongType(key, "bool");
  }

  /** A string array (a copy). */
  public Optional<String[]> getStringArray(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String[] a) {
      return Optional.of(a.clone());
    }
    throw wrongType(key, "string array");
  }

  public String[] requireStringArray(String key) throws GgufFormatException {
    return getStringArray(key).orElseThrow(() -> missing(key));
  }

  /** An integer array whose values all fit a Java {@code int} (a copy). */
  public Optional<int[]> getIntArray(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof int[] a) {
      return Optional.of(a.clone());
    }
    if (v instanceof long[] a) {
      int[] out = new int[a.length];
      for (int i = 0; i < a.length; i++) {
        if (a[i] < Integer.MIN_VALUE || a[i] > Integer.MAX_VALUE) {
          throw fail(path.toString(), "metadata key " + key + " element exceeds int range");
        }
        out[i] = (int) a[i];
      }
      return Optional.of(out);
    }
    throw wrongType(key, "integer array");
  }

  public int[] requireIntArray(String key) throws GgufFormatException {
    return getIntArray(key).orElseThrow(() -> missing(key));
  }

  /** An integer array of any width, as longs (a copy). */
  public Optional<long[]> getLongArray(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof long[] a) {
      return Optional.of(a.clone());
    }
    if (v instanceof int[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return Optional.of(out);
    }
    throw wrongType(key, "integer array");
  }

  /** A float32 or float64 array, as floats (a copy). */
  public Optional<float[]> getFloatArray(String key) throws GgufFormatException {
    Object v = metadata.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof float[] a) {
      return Optional.of(a.clone());
    }
    if (v instanceof double[] a) {
      float[] out = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = (float) a[i];
      }
      return Optional.of(out);
    }
    throw wrongType(key, "float array");
  }

  public float[] requireFloatArray(String key) throws GgufFormatException {
    return getFloatArray(key).orElseThrow(() -> missing(key));
  }

  /** {@code general.architecture}, e.g. {@code llama}. */
  public String architecture() throws GgufFormatException {
    return requireString("general.architecture");
  }

  /** Closes the file channel; mapped buffers stay valid until garbage-collected. */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "GgufFile[" + path + ", v" + version + ", " + tensors.size() + " tensors]";
  }
}
