using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines.GitHub.Http;

// The shapes below hold only the fields Pipelines reads or sends. Missing required fields and
// nulls in non-nullable ones fail deserialisation, so a 200 with the wrong shape becomes a
// GitHubApiException rather than a NullReferenceException further on.

internal sealed record GitRefDto(string Ref, GitObjectDto Object);

internal sealed record GitObjectDto(string Sha, string? Type = null);

internal sealed record CompareDto(string Status, int AheadBy, int BehindBy);

internal sealed record IssueCommentDto(long Id, string HtmlUrl, string? Body = null, UserDto? User = null);

internal sealed record UserDto(string Login);

internal sealed record RepositoryDto(string NodeId);

internal sealed record IssueDto(
    int Number,
    string Title,
    string State,
    string HtmlUrl,
    string? Body = null,
    IReadOnlyList<JsonElement>? Labels = null,
    JsonElement? PullRequest = null,
    UserDto? User = null);

internal sealed record ContentDto(string Type, string Path, string Sha, string? Content = null, string? Encoding = null);

internal sealed record PullRequestDto(int Number, string Title, string State, string HtmlUrl, BranchRefDto Head, BranchRefDto Base);

internal sealed record BranchRefDto(string Ref);

internal sealed record PutContentResponseDto(GitObjectDto Commit);

internal sealed record ErrorDto(string? Message = null);

internal sealed record CreateRefRequest(string Ref, string Sha);

internal sealed record UpdateRefRequest(string Sha, bool Force);

internal sealed record CommentRequest(string Body);

internal sealed record CreateIssueRequest(string Title, string Body, IReadOnlyList<string> Labels);

internal sealed record IssueStateRequest(string State);

internal sealed record PutContentRequest(string Message, string Content, string Branch, string? Sha);

internal sealed record CreatePullRequestRequest(string Title, string Head, string Base, string Body);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 64)]
[JsonSerializable(typeof(GitRefDto))]
[JsonSerializable(typeof(CompareDto))]
[JsonSerializable(typeof(IssueCommentDto))]
[JsonSerializable(typeof(List<IssueCommentDto>))]
[JsonSerializable(typeof(IssueDto))]
[JsonSerializable(typeof(List<IssueDto>))]
[JsonSerializable(typeof(ContentDto))]
[JsonSerializable(typeof(PullRequestDto))]
[JsonSerializable(typeof(List<PullRequestDto>))]
[JsonSerializable(typeof(PutContentResponseDto))]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(CreateRefRequest))]
[JsonSerializable(typeof(UpdateRefRequest))]
[JsonSerializable(typeof(CommentRequest))]
[JsonSerializable(typeof(CreateIssueRequest))]
[JsonSerializable(typeof(IssueStateRequest))]
[JsonSerializable(typeof(PutContentRequest))]
[JsonSerializable(typeof(CreatePullRequestRequest))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(RepositoryDto))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
