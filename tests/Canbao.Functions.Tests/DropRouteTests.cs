using Canbao.Domain.Standard;
using Canbao.Functions.Drops;

namespace Canbao.Functions.Tests;

public sealed class DropRouteTests
{
    [Fact]
    public void Every_feed_has_a_department_with_a_container()
    {
        foreach (var feed in FeedCatalog.All)
            Assert.NotNull(DropDepartments.SlugOf(feed.Department));
    }

    [Fact]
    public void A_feed_is_accepted_only_in_its_own_departments_container()
    {
        var accepted = 0;
        foreach (var feed in FeedCatalog.All)
            foreach (var slug in DropDepartments.All.Keys)
            {
                var route = DropRoute.Of(DropDepartments.Container(slug), $"{feed.Id}/2026-11-28.csv");
                var own = DropDepartments.SlugOf(feed.Department) == slug;
                Assert.Equal(own, route.Accepted);
                if (own) { accepted++; Assert.Equal((slug, feed.Id), (route.Department, route.Feed)); }
                else Assert.Contains($"belongs to department {DropDepartments.SlugOf(feed.Department)}", route.Refusal);
            }
        Assert.Equal(FeedCatalog.All.Count, accepted);
    }

    [Theory]
    [InlineData("drops-health", "deaths/2026-11-28-deaths.txt", true, null)]
    [InlineData("drops-education", "deaths/2026-11-28-deaths.txt", false, "feed 'deaths' belongs to department health (drops-health), not education")]
    [InlineData("extracts", "civil-affairs/2026-11-28-deaths.csv", false, "container 'extracts' is not a department's drops container")]
    [InlineData("drops-nobody", "deaths/x.csv", false, "is not a department's drops container")]
    [InlineData("drops-health", "x.csv", false, "a drop goes in <feed>/<file>; feeds of health: newborns, deaths")]
    [InlineData("drops-health", "deaths/", false, "a drop goes in <feed>/<file>")]
    [InlineData("drops-health", "births/x.csv", false, "unknown feed 'births'; feeds of health: newborns, deaths")]
    [InlineData("drops-public-security", "migrations/2026/11/out.csv", true, null)]
    public void Routes_and_refusals_say_why(string container, string blob, bool accepted, string? reason)
    {
        var route = DropRoute.Of(container, blob);
        Assert.Equal(accepted, route.Accepted);
        if (reason is not null) Assert.Contains(reason, route.Refusal);
    }
}
