using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.LocalHost;

/// <summary>An ASP.NET Core request as the <see cref="HttpRequestData"/> the function classes take.</summary>
internal sealed class LocalHttpRequestData : HttpRequestData
{
    private readonly HttpContext http;

    public LocalHttpRequestData(FunctionContext context, HttpContext http)
        : base(context)
    {
        this.http = http;
        Headers = [];
        foreach (var (name, values) in http.Request.Headers)
        {
            Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        Url = new Uri(http.Request.GetEncodedUrl());
    }

    public override Stream Body => http.Request.Body;

    public override HttpHeadersCollection Headers { get; }

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; }

    public override IEnumerable<ClaimsIdentity> Identities => [];

    public override string Method => http.Request.Method;

    public override HttpResponseData CreateResponse() => new LocalHttpResponseData(FunctionContext);
}

/// <summary>A response the function builds; the adapter copies it to ASP.NET Core.</summary>
internal sealed class LocalHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; } = HttpStatusCode.OK;

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies { get; } = new NoCookies();

    private sealed class NoCookies : HttpCookies
    {
        public override void Append(string name, string value) =>
            throw new NotSupportedException("The API sets no cookies.");

        public override void Append(IHttpCookie cookie) =>
            throw new NotSupportedException("The API sets no cookies.");

        public override IHttpCookie CreateNew() =>
            throw new NotSupportedException("The API sets no cookies.");
    }
}
