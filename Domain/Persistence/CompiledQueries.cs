using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace B2BPortal.Domain.Persistence;

/// <summary>
/// An EF compiled query (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, TResult}})"/>)
/// per model. A compiled query serves the one model it was first run against; the Portal runs one, but the tests run
/// SQLite and PostgreSQL in one process, so each model gets its own.
/// </summary>
public sealed class CompiledQuery<TDelegate>(Func<TDelegate> compile)
    where TDelegate : class
{
    private readonly ConditionalWeakTable<IModel, TDelegate> _byModel = [];

    public TDelegate For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _byModel.TryGetValue(db.Model, out var query) ? query : _byModel.GetValue(db.Model, _ => compile());
    }
}
