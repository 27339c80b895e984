package dev.incognito.inference.template;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The functions Hugging Face's {@code apply_chat_template} offers templates besides Jinja's own.
 * Public only because the template engine calls them reflectively.
 */
public final class TemplateFunctions {

  private TemplateFunctions() {}

  /** Thrown by {@code raise_exception}: the template refuses the conversation. */
  static final class Raised extends RuntimeException {
    Raised(String message) {
      super(message);
    }
  }

  /** {@code raise_exception(message)}: stops rendering with the template's message. */
  public static String raiseException(Object message) {
    throw new Raised(String.valueOf(message));
  }

  /**
   * {@code strftime_now(format)}: the current local time, for the C conversions templates use
   * ({@code %d %-d %m %b %B %a %A %Y %y %H %M %S %%}); others are kept as written.
   */
  public static String strftimeNow(String format) {
    ZonedDateTime t = ZonedDateTime.now();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        b.append(c);
        continue;
      }
      char d = format.charAt(++i);
      boolean noPad = d == '-' && i + 1 < format.length();
      if (noPad) {
        d = format.charAt(++i);
      }
      String two = noPad ? "%d" : "%02d";
      switch (d) {
        case 'd' -> b.append(String.format(Locale.ROOT, two, t.getDayOfMonth()));
        case 'm' -> b.append(String.format(Locale.ROOT, two, t.getMonthValue()));
        case 'H' -> b.append(String.format(Locale.ROOT, two, t.getHour()));
        case 'M' -> b.append(String.format(Locale.ROOT, two, t.getMinute()));
        case 'S' -> b.append(String.format(Locale.ROOT, two, t.getSecond()));
        case 'Y' -> b.append(t.getYear());
        case 'y' -> b.append(String.format(Locale.ROOT, "%02d", t.getYear() % 100));
        case 'b' -> b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 'B' -> b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'a' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 'A' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case '%' -> b.append('%');
        default -> b.append('%').append(noPad ? "-" : "").append(d);
      }
    }
    return b.toString();
  }
}
