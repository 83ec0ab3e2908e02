namespace Canbao.Ingestion.Tests;

/// <summary>Values quoted from unnamed columns never carry an ID or phone unmasked.</summary>
public class UnnamedValueTests
{
    [Fact]
    public void IdOrPhoneInUnnamedColumn_IsMaskedInTheFinding()
    {
        var drop = Drop.Utf8(Drop.Header + ",\r\n" + Drop.Row1 + ",备注 13800000001 / 110105199003071239\r\n").Balanced();
        var issue = Assert.Single(drop.Row(1).Issues);
        Assert.Equal(ReaderIssueCodes.UnnamedColumnData, issue.Issue.Code);
        Assert.DoesNotContain("13800000001", issue.Issue.Message);
        Assert.DoesNotContain("110105199003071239", issue.Issue.Message);
        Assert.Contains("备注 138000****1 / 110105***********9", issue.Issue.Message);
    }
}
