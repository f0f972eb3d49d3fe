using B2BPortal.Domain.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class SearchSynonymGroupConfiguration : IEntityTypeConfiguration<SearchSynonymGroup>
{
    public void Configure(EntityTypeBuilder<SearchSynonymGroup> b)
    {
        b.ToTable("SearchSynonymGroups");
        b.Property(g => g.Words).HasMaxLength(SearchSynonymGroup.WordsMaxLength);
        b.Property(g => g.UpdatedBy).HasMaxLength(200);
        b.Ignore(g => g.WordList);
    }
}
