using MudBlazor;

namespace Portal.Web.Model;

/// <summary>The page, page size and sort of a MudDataGrid with ServerData, as the URL keeps them (page, size, sort, desc).
/// MudDataGrid 9 does not go back to the first page when the sort changes: <see cref="Track{T}"/> notices it and says so.</summary>
public sealed class GridPaging(int defaultSize = 25)
{
    public static readonly int[] Sizes = [10, 25, 50, 100];
    public int Page { get; set; }
    public int Size { get; set; } = defaultSize;
    public string? SortBy { get; set; }
    public bool Descending { get; set; }
    private readonly int _defaultSize = defaultSize;
    private bool _tracked;

    /// <summary>Takes the grid's state; true when the sort changed while on a later page (the page should go back to the first).</summary>
    public bool Track<T>(GridState<T> state)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var sortChanged = _tracked && (sort?.SortBy != SortBy || (sort?.Descending ?? false) != Descending);
        _tracked = true;
        SortBy = sort?.SortBy;
        Descending = sort?.Descending ?? false;
        Size = state.PageSize;
        Page = state.Page;
        return sortChanged && state.Page > 0;
    }

    /// <summary>The initial sort direction of a column, from the URL.</summary>
    public SortDirection InitialDirection(string column) =>
        SortBy == column ? (Descending ? SortDirection.Descending : SortDirection.Ascending) : SortDirection.None;

    public void Read(int? page, int? size, string? sort, bool? desc)
    {
        Page = Math.Max(0, (page ?? 1) - 1);
        Size = size is { } s && Sizes.Contains(s) ? s : _defaultSize;
        SortBy = string.IsNullOrWhiteSpace(sort) ? null : sort;
        Descending = desc ?? false;
    }

    /// <summary>Query parameters (1-based page; defaults left out).</summary>
    public void Write(IDictionary<string, object?> query)
    {
        query["page"] = Page > 0 ? Page + 1 : null;
        query["size"] = Size != _defaultSize ? Size : null;
        query["sort"] = SortBy;
        query["desc"] = SortBy is not null && Descending ? true : null;
    }
}
