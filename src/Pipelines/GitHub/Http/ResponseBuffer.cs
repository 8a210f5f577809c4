using System.Net;

namespace Pipelines.GitHub.Http;

/// <summary>
/// Reads a response body into memory, at most a cap, inside the attempt (so the per-attempt
/// timeout covers it) and before Octokit sees it (Octokit reads whole bodies without a limit).
/// </summary>
internal static class ResponseBuffer
{
    public static async Task BufferAsync(HttpResponseMessage response, long maxBytes, string operation, CancellationToken cancellationToken)
    {
        var original = response.Content;
        if (original.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(operation, response.StatusCode, maxBytes);
        }

        byte[] body;
        var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(operation, response.StatusCode, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }

        var content = new ByteArrayContent(body);
        foreach (var header in original.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        original.Dispose();
    }

    private static GitHubApiException TooLarge(string operation, HttpStatusCode status, long maxBytes) =>
        new(operation, status, $"response too large (over {maxBytes} bytes)");
}
