// Starts Swagger UI on the /swagger page (served as a file: the page's policy allows no
// inline script). SwaggerUIBundle comes from the script before this one.
window.ui = window.SwaggerUIBundle({ url: '/swagger/json', dom_id: '#swagger-ui' })
