//! Static assets, embedded in the binary: GOV.UK and MoJ styles and
//! scripts, htmx, and our own script and icon. Test-only files are left out.

use crate::error::Failure;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../assets/"]
#[include = "vendor/*"]
#[include = "app/*"]
#[exclude = "vendor/axe-core/*"]
#[exclude = "*.md"]
struct Assets;

pub async fn serve(Path(path): Path<String>) -> Result<Response, Failure> {
    let file = Assets::get(&path).ok_or(Failure::NotFound)?;
    let mime = if path.ends_with(".js") { "text/javascript".to_owned() } else { file.metadata.mimetype().to_owned() };
    let mut response = file.data.into_owned().into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(&mime).map_err(|_| Failure::Internal)?);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    Ok(response)
}
