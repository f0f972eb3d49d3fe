using B2BPortal.FakeErp;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(FaultOptions.From(builder.Configuration));
builder.Services.AddSingleton<FakeBusinessCentral>();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
FakeBusinessCentral.Map(app);
app.Run();
