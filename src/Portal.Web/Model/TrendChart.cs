using System.Globalization;
using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Web.Model;

/// <summary>The geometry of the risk trend chart: one stacked bar per scan, failed results by severity (most severe at the bottom).</summary>
public sealed class TrendChart
{
    public const int Width = 540, Height = 210, Left = 40, Bottom = 24, Top = 10, Right = 8;
    /// <summary>Most recent scans drawn; older ones are left out so bars stay readable.</summary>
    public const int MaxBars = 40;

    public static readonly Severity[] Stack = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low];

    public sealed record Segment(Severity Severity, double X, double Y, double W, double H, int Count);
    public sealed record Bar(DateTime At, int Total, IReadOnlyList<Segment> Segments, double X, double W);

    public IReadOnlyList<Bar> Bars { get; }
    public int Max { get; }
    /// <summary>Y-axis ticks (value, y).</summary>
    public IReadOnlyList<(int Value, double Y)> Ticks { get; }

    public TrendChart(IReadOnlyList<RiskTrendPoint> points)
    {
        var shown = points.TakeLast(MaxBars).ToList();
        Max = Math.Max(1, shown.Count == 0 ? 1 : shown.Max(p => Stack.Sum(s => p.FailedBySeverity.GetValueOrDefault(s.ToString()))));
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        var slot = shown.Count == 0 ? plotW : (double)plotW / shown.Count;
        var barW = Math.Max(2, Math.Min(36, slot * 0.7));
        var bars = new List<Bar>();
        for (var i = 0; i < shown.Count; i++)
        {
            var p = shown[i];
            var x = Left + i * slot + (slot - barW) / 2;
            var y = (double)(Top + plotH);
            var segments = new List<Segment>();
            foreach (var s in Stack)
            {
                var n = p.FailedBySeverity.GetValueOrDefault(s.ToString());
                if (n == 0) continue;
                var h = n * plotH / (double)Max;
                y -= h;
                segments.Add(new Segment(s, x, y, barW, h, n));
            }
            bars.Add(new Bar(p.At, segments.Sum(s => s.Count), segments, x, barW));
        }
        Bars = bars;
        Ticks = new[] { 0, Max / 2, Max }.Distinct().Select(v => (v, Top + plotH - v * plotH / (double)Max)).ToList();
    }

    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Color(Severity s) => s switch
    {
        Severity.Critical => "#b02a37",
        Severity.High => "#e35d3a",
        Severity.Medium => "#f0ad2e",
        _ => "#6c9bd2",
    };
}
