using System.Collections;

using Microsoft.AspNetCore.Http.Features;

namespace Piazza.Server.Transport;

/// <summary>
/// A connection's features: the ones the connection object itself implements, and the few others
/// that Kestrel and the middleware set (TLS, Kestrel's own connection features, detection state)
/// in a small array scanned in order. Kestrel's <see cref="FeatureCollection"/> would make a
/// dictionary per connection; a connection has fewer than ten features.
/// </summary>
internal sealed class ConnectionFeatures(object owner) : IFeatureCollection
{
    private KeyValuePair<Type, object>[] _set = [];
    private int _count;

    public bool IsReadOnly => false;

    public int Revision { get; private set; }

    public object? this[Type key]
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                if (_set[i].Key == key)
                {
                    return _set[i].Value;
                }
            }

            return key.IsInstanceOfType(owner) ? owner : null;
        }

        set
        {
            Revision++;
            for (var i = 0; i < _count; i++)
            {
                if (_set[i].Key == key)
                {
                    if (value is null)
                    {
                        _set[i] = _set[--_count];
                        _set[_count] = default;
                    }
                    else
                    {
                        _set[i] = new(key, value);
                    }

                    return;
                }
            }

            if (value is null)
            {
                return;
            }

            if (_count == _set.Length)
            {
                Array.Resize(ref _set, Math.Max(4, _count * 2));
            }

            _set[_count++] = new(key, value);
        }
    }

    public TFeature? Get<TFeature>() => (TFeature?)this[typeof(TFeature)];

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _set[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
