package dev.parley.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A plain SVG line chart: one polyline with markers per series, linear x, linear or log y. */
final class Svg {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f"};

    private Svg() {
    }

    static String lineChart(String title, String xLabel, String yLabel, boolean logY,
                            Map<String, List<double[]>> series) {
        int w = 760;
        int h = 440;
        int left = 80;
        int right = 200;
        int top = 40;
        int bottom = 60;
        double xMax = 0;
        double yMin = Double.MAX_VALUE;
        double yMax = 0;
        for (List<double[]> points : series.values()) {
            for (double[] p : points) {
                if (Double.isNaN(p[1])) {
                    continue;
                }
                xMax = Math.max(xMax, p[0]);
                yMax = Math.max(yMax, p[1]);
                yMin = Math.min(yMin, p[1]);
            }
        }
        xMax = niceCeil(xMax);
        double lo = logY ? Math.pow(10, Math.floor(Math.log10(Math.max(yMin, 0.01)))) : 0;
        double hi = logY ? Math.pow(10, Math.ceil(Math.log10(Math.max(yMax, lo * 10)))) : niceCeil(yMax);
        double plotW = w - left - right;
        double plotH = h - top - bottom;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", w, h, w, h));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(w / 2.0 - right / 2.0, 22, title, "middle", 14));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#444\"/>\n", left, top, plotW, plotH));
        for (int i = 0; i <= 5; i++) {
            double xv = xMax * i / 5;
            double px = left + plotW * i / 5;
            s.append(line(px, top + plotH, px, top + plotH + 5, "#444"));
            s.append(text(px, top + plotH + 18, human(xv), "middle", 11));
        }
        if (logY) {
            for (double v = lo; v <= hi * 1.0001; v *= 10) {
                double py = yPos(v, lo, hi, true, top, plotH);
                s.append(line(left, py, left + plotW, py, "#ddd"));
                s.append(text(left - 6, py + 4, human(v), "end", 11));
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                double v = hi * i / 5;
                double py = yPos(v, lo, hi, false, top, plotH);
                s.append(line(left, py, left + plotW, py, "#ddd"));
                s.append(text(left - 6, py + 4, human(v), "end", 11));
            }
        }
        s.append(text(left + plotW / 2, h - 18, xLabel, "middle", 12));
        s.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.0f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 18 %.0f)\">%s</text>\n", top + plotH / 2, top + plotH / 2, esc(yLabel)));
        int k = 0;
        for (var e : series.entrySet()) {
            String colour = COLOURS[k % COLOURS.length];
            String dash = e.getKey().startsWith("node") ? " stroke-dasharray=\"6 3\"" : "";
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) {
                if (Double.isNaN(p[1])) {
                    continue;
                }
                double px = left + plotW * p[0] / xMax;
                double py = yPos(Math.max(p[1], lo), lo, hi, logY, top, plotH);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px,
                        py, colour));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>\n", pts.toString().trim(), colour, dash));
            double ly = top + 10 + k * 18;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" y2=\"%.0f\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>\n", w - right + 15, ly, w - right + 40, ly, colour, dash));
            s.append(text(w - right + 46, ly + 4, e.getKey(), "start", 11));
            k++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double yPos(double v, double lo, double hi, boolean log, double top, double plotH) {
        double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        return top + plotH * (1 - f);
    }

    private static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String human(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                x1, y1, x2, y2, colour);
    }

    private static String text(double x, double y, String text, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s"
                + "</text>\n", x, y, anchor, size, esc(text));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
